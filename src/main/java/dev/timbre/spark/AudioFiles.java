package dev.timbre.spark;

import dev.timbre.audio.AudioFileFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audio files under a job's inputs, listed by Spark's {@code binaryFile} source: directories recursively, only
 * names with an extension of a format timbre decodes (in any letter case), and only their path and modification
 * time, so no audio is read on the driver and none is shuffled.
 */
final class AudioFiles {

    private AudioFiles() {
    }

    /** {@code *.{[wW][aA][vV],...}}: Hadoop's glob for the names {@code binaryFile} keeps. */
    static String nameGlob() {
        List<String> alternatives = new ArrayList<>();
        for (AudioFileFormat f : AudioFileFormat.values()) {
            for (String ext : f.extensions()) {
                StringBuilder anyCase = new StringBuilder();
                for (char c : ext.toCharArray()) {
                    char lower = Character.toLowerCase(c);
                    char upper = Character.toUpperCase(c);
                    anyCase.append(lower == upper ? String.valueOf(c) : "[" + lower + upper + "]");
                }
                alternatives.add(anyCase.toString());
            }
        }
        return "*.{" + String.join(",", alternatives) + "}";
    }

    /** {@code (path, modificationTime)} of every audio file under {@code inputs}. */
    static Dataset<Row> list(SparkSession spark, List<String> inputs) {
        return spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", nameGlob())
                .load(inputs.toArray(String[]::new))
                .select(TagSchema.PATH, TagSchema.MODIFICATION_TIME);
    }

    /** Fails with one line for the first input that names nothing (a missing path, or a glob that matches none). */
    static void requireExisting(List<String> inputs, Configuration conf) throws IOException {
        for (String input : inputs) {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                boolean glob = input.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
                throw new IOException(input + (glob ? ": the pattern matches no file" : ": no such file or directory"));
            }
        }
    }

    /** Whether a path is on the local file system (no scheme, or {@code file:}). */
    static boolean isLocal(String path) {
        String scheme = new Path(path).toUri().getScheme();
        return scheme == null || scheme.toLowerCase(Locale.ROOT).equals("file");
    }
}
