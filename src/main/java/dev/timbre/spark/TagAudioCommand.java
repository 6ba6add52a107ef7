package dev.timbre.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The options of {@link TagAudio#main}, and its messages: one line for an error, the exit code for the rest. */
@Command(name = "TagAudio", mixinStandardHelpOptions = true,
        description = {"Tags audio files with timbre's recognizer on Spark and appends the results to Parquet.",
                "Files the output already holds (same path and modification time) are skipped, so a killed job "
                        + "resumes. Exit code 2 when some files failed (they are rows with an error)."})
final class TagAudioCommand implements Callable<Integer> {

    static final int USER_ERROR = 1;
    static final int FILES_FAILED = 2;
    static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Audio files, directories (walked recursively) or globs, on any Hadoop file system.")
    List<String> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Parquet output directory.")
    String out;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model bundle directory, on the driver's disk or any Hadoop file system; it is shipped to "
                    + "the executors. Default: the model bundled in the jar.")
    String model;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Partitions per commit; 0 for four per core of the application (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--files-per-commit", defaultValue = "" + TagRequest.DEFAULT_FILES_PER_COMMIT, paramLabel = "N",
            description = "Files tagged between two Parquet commits (default: ${DEFAULT-VALUE}).")
    int filesPerCommit;

    @Option(names = "--torch-threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch CPU threads per task; 0 for spark.task.cpus (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Option(names = "--timeline", description = "Also write the per-window scores with start and end seconds.")
    boolean timeline;

    @Override
    public Integer call() throws Exception {
        TagRequest request = new TagRequest(inputs, out, model, partitions, timeline, filesPerCommit, torchThreads);
        // Local inputs and a local bundle are checked before Spark starts, so that a typo costs no start-up.
        Configuration local = new Configuration();
        AudioFiles.requireExisting(inputs.stream().filter(AudioFiles::isLocal).toList(), local);
        if (model != null && AudioFiles.isLocal(model)) {
            ShippedModel.requireDirectory(model, local);
        }
        SparkConf conf = new SparkConf()
                .setIfMissing("spark.app.name", "timbre TagAudio")
                .setIfMissing("spark.master", "local[*]");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            TagResult r = TagAudio.tag(spark, request);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%d audio files, %d of them already in %s; tagged %d (%d failed) in %d commit%s: "
                            + "%.1f s of audio in %.1f s, %.0f× real time%n",
                    r.found(), r.alreadyTagged(), out, r.tagged(), r.failed(), r.commits(), r.commits() == 1 ? "" : "s",
                    r.audioSeconds(), r.wallSeconds(), r.realTimeFactor());
            if (r.failed() > 0) {
                w.printf("the failed files are the rows whose error is set: SELECT path, error FROM parquet.`%s` "
                        + "WHERE error IS NOT NULL%n", out);
            }
            w.flush();
            return r.failed() > 0 ? FILES_FAILED : 0;
        } finally {
            spark.stop();
        }
    }

    /** A command line that reports errors in one line on {@code err} (tests capture both writers). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TagAudioCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("TagAudio: " + ex.getMessage() + " (--help lists the options)");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            boolean user = isUserError(ex);
            String message = firstLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
            PrintWriter e = commandLine.getErr();
            e.println("TagAudio: " + message + (user ? "" : " (internal error " + ex.getClass().getName()
                    + "; TIMBRE_DEBUG=1 shows the trace)"));
            if ("1".equals(System.getenv("TIMBRE_DEBUG"))) {
                ex.printStackTrace(e);
            }
            e.flush();
            return user ? USER_ERROR : INTERNAL_ERROR;
        });
        return cl;
    }

    /** Bad input, options or output, as opposed to a failure of Spark or timbre itself. */
    private static boolean isUserError(Exception ex) {
        return ex instanceof IOException || ex instanceof IllegalArgumentException
                || ex instanceof org.apache.spark.sql.AnalysisException;
    }

    /** Spark's messages can carry a whole stage failure with its traces; the first line says what happened. */
    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
