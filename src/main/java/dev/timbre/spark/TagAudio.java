package dev.timbre.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.io.PrintWriter;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

/**
 * Tags a catalogue of audio files on Spark: every executor runs the recognizer {@code timbre predict} runs, and
 * the results go to Parquet ({@link TagSchema}), one row per file.
 *
 * <p>As a program for {@code spark-submit} ({@link #main}, options in {@link TagAudioCommand}) or from Java:
 * <pre>{@code
 * TagResult r = TagAudio.tag(spark, TagRequest.of("hdfs:///tags", List.of("hdfs:///music")).withTimeline(true));
 * }</pre>
 *
 * <p>The files are listed on the driver with their modification times; those the output already holds are left
 * out; the rest are spread over partitions and tagged in {@code mapPartitions}, where each executor JVM loads the
 * model once. Work is committed every {@link TagRequest#filesPerCommit()} files, so a killed job keeps what it
 * committed and the next run with the same output picks up the rest.
 */
public final class TagAudio {

    /** Partitions per core when the request leaves their number to the job: small tasks even out the ends. */
    private static final int PARTITIONS_PER_CORE = 4;

    private TagAudio() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = TagAudioCommand.commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one job in {@code spark}'s application.
     *
     * @throws IOException for an input that names nothing, inputs without audio files, a bundle that is missing or
     *                     broken, an output that is not a directory of such rows
     */
    public static TagResult tag(SparkSession spark, TagRequest request) throws IOException {
        long start = System.nanoTime();
        SparkContext sc = spark.sparkContext();
        AudioFiles.requireExisting(request.inputs(), sc.hadoopConfiguration());
        ShippedModel model = request.model() == null ? ShippedModel.bundled() : ShippedModel.ship(sc, request.model());
        TaggedOutput output = TaggedOutput.open(spark, request.output());

        // Listing happens here, on the driver; the count comes from that listing, without a job.
        Dataset<Row> listed = AudioFiles.list(spark, request.inputs());
        long found = listed.inputFiles().length;
        if (found == 0) {
            throw new IOException("no audio files found in " + request.inputs());
        }
        Dataset<Row> pending = output.notYetTagged(listed, model);
        Broadcast<HadoopConfiguration> hadoop = null;
        try {
            long todo = found;
            if (pending != listed) {
                pending.persist(StorageLevel.MEMORY_AND_DISK());
                todo = pending.count();
            }
            int commits = (int) ((todo + request.filesPerCommit() - 1) / request.filesPerCommit());
            if (commits > 1 && pending == listed) {
                // Every commit filters the same list: listed once, not once per commit.
                pending.persist(StorageLevel.MEMORY_AND_DISK());
            }
            int partitions = request.partitions() > 0 ? request.partitions()
                    : (int) Math.max(1, Math.min((todo + commits - 1) / Math.max(commits, 1),
                    (long) PARTITIONS_PER_CORE * sc.defaultParallelism()));
            int torchThreads = request.torchThreads() > 0 ? request.torchThreads()
                    : sc.getConf().getInt("spark.task.cpus", 1);

            hadoop = JavaSparkContext.fromSparkContext(sc)
                    .broadcast(new HadoopConfiguration(sc.hadoopConfiguration()));
            LongAccumulator tagged = sc.longAccumulator("timbre: files tagged");
            LongAccumulator failed = sc.longAccumulator("timbre: files failed");
            DoubleAccumulator seconds = sc.doubleAccumulator("timbre: audio seconds");
            TagPartition tagging = new TagPartition(model, request.timeline(), torchThreads, hadoop, tagged, failed,
                    seconds);
            for (int c = 0; c < commits; c++) {
                // Files are assigned to commits by the hash of their path, which needs no ordering of the listing.
                Dataset<Row> part = commits == 1 ? pending
                        : pending.where(pmod(hash(col(TagSchema.PATH)), lit(commits)).equalTo(c));
                part.repartition(partitions)
                        .mapPartitions(tagging, Encoders.row(TagSchema.ROW))
                        .write().mode(SaveMode.Append).parquet(request.output());
            }
            return new TagResult(found, found - todo, tagged.value(), failed.value(), seconds.value(), commits,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            if (hadoop != null) {
                hadoop.destroy();
            }
            pending.unpersist();
        }
    }
}
