package dev.timbre.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A job's Parquet directory and what it already holds. A file counts as tagged when a row has its path and
 * modification time, whether it was tagged or failed: a file that changes gets a new modification time and is
 * tagged again.
 */
final class TaggedOutput {

    private final SparkSession spark;
    private final String location;

    private TaggedOutput(SparkSession spark, String location) {
        this.spark = spark;
        this.location = location;
    }

    /**
     * The output at {@code location}, which may not exist yet. Files a killed job left uncommitted are removed
     * first: the next job's commit would otherwise take them in along with its own rows, duplicating files that
     * it tags again.
     */
    static TaggedOutput open(SparkSession spark, String location) throws IOException {
        Path dir = new Path(location);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(dir)) {
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new IOException(location + ": exists and is not a directory");
            }
            fs.delete(new Path(dir, "_temporary"), true);
        }
        return new TaggedOutput(spark, location);
    }

    /**
     * The rows of {@code listed} ({@code path}, {@code modificationTime}) that no earlier job has written. An output
     * holding another model's rows is refused rather than resumed: the files skipped would keep that model's answers
     * beside this one's.
     */
    Dataset<Row> notYetTagged(Dataset<Row> listed, ShippedModel model) throws IOException {
        if (!hasData()) {
            return listed;
        }
        Dataset<Row> done = spark.read().parquet(location);
        List<String> columns = Arrays.asList(done.columns());
        if (!columns.contains(TagSchema.PATH) || !columns.contains(TagSchema.MODIFICATION_TIME)) {
            throw new IOException(location + ": holds Parquet that is not a tagging job's output (no "
                    + TagSchema.PATH + " and " + TagSchema.MODIFICATION_TIME + " columns)");
        }
        if (columns.contains(TagSchema.MODEL_VERSION)) {
            List<Row> other = done.filter(done.col(TagSchema.MODEL_VERSION).notEqual(model.version()))
                    .select(TagSchema.MODEL_NAME, TagSchema.MODEL_VERSION).limit(1).collectAsList();
            if (!other.isEmpty()) {
                throw new IOException(location + ": holds rows of another model (" + other.get(0).getString(0) + ", "
                        + other.get(0).getString(1) + "); write to another directory, or remove it to tag again");
            }
        }
        done = done.select(TagSchema.PATH, TagSchema.MODIFICATION_TIME);
        Column same = listed.col(TagSchema.PATH).equalTo(done.col(TagSchema.PATH))
                .and(listed.col(TagSchema.MODIFICATION_TIME).equalTo(done.col(TagSchema.MODIFICATION_TIME)));
        return listed.join(done, same, "left_anti");
    }

    /** Whether the directory holds anything besides Spark's markers ({@code _SUCCESS}) and hidden files. */
    private boolean hasData() throws IOException {
        Path dir = new Path(location);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(dir)) {
            return false;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (!name.startsWith("_") && !name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
