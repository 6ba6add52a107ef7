package dev.timbre.spark;

import java.util.List;

/**
 * One tagging job: which audio to read, where the Parquet goes and how the work is cut.
 *
 * @param inputs         files, directories (walked recursively) or globs, as Hadoop paths ({@code /data},
 *                       {@code hdfs:///music}, {@code s3a://bucket/music/*})
 * @param output         the Parquet directory; files already tagged there are skipped
 * @param model          a bundle directory (local or any Hadoop file system) that is shipped to the executors, or
 *                       {@code null} for the model bundled in the jar
 * @param partitions     partitions of each commit's files, 0 for four per core of the application
 * @param timeline       whether rows carry the per-window scores
 * @param filesPerCommit files tagged per Parquet commit: a killed job loses at most the commit under way
 * @param torchThreads   PyTorch CPU threads per task, 0 for {@code spark.task.cpus}
 */
public record TagRequest(List<String> inputs, String output, String model, int partitions, boolean timeline,
                         int filesPerCommit, int torchThreads) {

    /** Files per commit unless told otherwise. */
    public static final int DEFAULT_FILES_PER_COMMIT = 100_000;

    public TagRequest {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input paths given");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("no output directory given");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (automatic) or more, got " + partitions);
        }
        if (filesPerCommit < 1) {
            throw new IllegalArgumentException("files per commit must be at least 1, got " + filesPerCommit);
        }
        if (torchThreads < 0) {
            throw new IllegalArgumentException("PyTorch threads per task must be 0 (spark.task.cpus) or more, got "
                    + torchThreads);
        }
    }

    /** The bundled model, automatic partitions, no timeline, {@value #DEFAULT_FILES_PER_COMMIT} files per commit. */
    public static TagRequest of(String output, List<String> inputs) {
        return new TagRequest(inputs, output, null, 0, false, DEFAULT_FILES_PER_COMMIT, 0);
    }

    public TagRequest withModel(String bundle) {
        return new TagRequest(inputs, output, bundle, partitions, timeline, filesPerCommit, torchThreads);
    }

    public TagRequest withPartitions(int n) {
        return new TagRequest(inputs, output, model, n, timeline, filesPerCommit, torchThreads);
    }

    public TagRequest withTimeline(boolean on) {
        return new TagRequest(inputs, output, model, partitions, on, filesPerCommit, torchThreads);
    }

    public TagRequest withFilesPerCommit(int n) {
        return new TagRequest(inputs, output, model, partitions, timeline, n, torchThreads);
    }

    public TagRequest withTorchThreads(int n) {
        return new TagRequest(inputs, output, model, partitions, timeline, filesPerCommit, n);
    }
}
