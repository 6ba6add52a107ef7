package dev.timbre.cli;

import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.Recognition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code timbre predict}: the instruments in audio files or folders. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Recognize the instruments in audio files; folders are walked recursively.",
                "A file that fails (or does not exist) is reported and the rest go on; the exit code is 2 when any "
                        + "failed."})
public final class PredictCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "Model bundle (run directory); default: the bundled model.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Audio files or folders.")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "table", converter = Choices.Formats.class,
            description = "table, json (one object per line) or csv (default: ${DEFAULT-VALUE}).")
    PredictionFormat format;

    @Option(names = "--timeline", description = "Include per-window scores with start and end seconds.")
    boolean timeline;

    @Option(names = "--out", description = "Write results to this file instead of stdout, appending; with json or "
            + "csv, files the same model already tagged into it are skipped (resume), and a file of another model's "
            + "results is refused.")
    Path out;

    @Option(names = "--stats", description = "Print files, audio seconds and the real-time factor at the end (stderr).")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        PredictionFormat fmt = format;
        PrintWriter err = spec.commandLine().getErr();
        AudioInputs found = AudioInputs.collect(inputs);
        found.notes().forEach(err::println);
        found.failures().forEach(err::println);
        err.flush();
        int failed = found.failures().size();
        if (found.files().isEmpty()) {
            if (failed > 0) {
                return OneLineErrors.USER_ERROR;
            }
            throw new IOException("no audio files found in " + inputs);
        }
        try (InstrumentRecognizer recognizer = DefaultModel.recognizer(model, TimbreCli.device(spec))) {
            String header = PredictionFormat.csvHeader(recognizer.bundle().manifest().classes());
            Set<String> done = out == null ? Set.of()
                    : resume(header, recognizer.identity().weightsSha256(), fmt, err);
            List<Path> todo = found.files().stream()
                    .filter(f -> done.isEmpty() || !done.contains(ResultsFile.key(f.toString()))).toList();
            int already = found.files().size() - todo.size();
            if (todo.isEmpty()) {
                err.printf("%s: all %d files already tagged there by this model; nothing to tag%n", out, already);
            } else {
                if (already > 0) {
                    err.printf("%s: %d of %d files already tagged there by this model; tagging the other %d%n",
                            out, already, found.files().size(), todo.size());
                }
                failed += tag(recognizer, todo, fmt, header, err);
            }
        }
        if (failed > 0) {
            err.printf("%d of %d files failed%n", failed, found.files().size() + found.failures().size());
        }
        return failed > 0 ? 2 : 0;
    }

    /**
     * The files {@code --out} already holds results for. It is read and checked before anything is cut, so that a
     * refused file is left exactly as it was.
     */
    private Set<String> resume(String csvHeader, String weightsSha256, PredictionFormat fmt, PrintWriter err)
            throws IOException {
        ResultsFile.Contents there = ResultsFile.read(out, fmt, csvHeader, weightsSha256);
        if (ResultsFile.dropTornRecord(out, there)) {
            err.println(out + ": dropped its torn last record (an interrupted run); that file is tagged again");
        }
        return there.tagged();
    }

    /** Tags {@code todo} into {@code --out} (appending) or stdout; returns how many failed. */
    private int tag(InstrumentRecognizer recognizer, List<Path> todo, PredictionFormat fmt, String csvHeader,
                    PrintWriter err) throws Exception {
        try (Writer sink = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            PrintWriter w = sink == null ? spec.commandLine().getOut() : new PrintWriter(sink);
            if (fmt == PredictionFormat.CSV && (out == null || Files.size(out) == 0)) {
                w.print(csvHeader + "\r\n");
            }
            int failed = run(recognizer, todo, fmt, w, err);
            w.flush();
            return failed;
        }
    }

    /**
     * Recognizes the files on a pool, each streamed window by window (memory flat in its length), so one file's
     * decoding and features overlap another's network pass; results are written in input order. Returns how many
     * failed.
     */
    private int run(InstrumentRecognizer recognizer, List<Path> todo, PredictionFormat fmt, PrintWriter w,
                    PrintWriter err) throws Exception {
        int failed = 0;
        long start = System.nanoTime();
        double audioSeconds = 0;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "timbre-predict");
            t.setDaemon(true);
            return t;
        });
        try (Progress bar = Progress.bar(err, "predict", todo.size(), "files", Progress.LogLines.EVERY_STEP)) {
            ArrayDeque<Future<Object>> ahead = new ArrayDeque<>();
            int next = 0;
            for (Path f : todo) {
                while (next < todo.size() && ahead.size() < 2 * threads) {
                    Path g = todo.get(next++);
                    ahead.add(pool.submit(() -> {
                        try {
                            return recognizer.recognize(g);
                        } catch (IOException | RuntimeException e) {
                            return e;
                        }
                    }));
                }
                Object result = ahead.poll().get();
                if (result instanceof Exception e) {
                    failed++;
                    bar.println(e.getMessage() == null ? f + ": " + e : e.getMessage());
                } else {
                    Recognition r = (Recognition) result;
                    if (out == null) {
                        bar.clear(); // stdout shares the terminal with the bar
                    }
                    w.print(fmt.write(f, r, timeline));
                    w.flush();
                    audioSeconds += r.durationSeconds();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                bar.message(String.format(Locale.ROOT, "%s× real time", Progress.rate(audioSeconds
                        / Math.max(elapsed, 1e-9))));
                bar.step(f.getFileName().toString());
            }
        } finally {
            pool.shutdownNow();
        }
        if (stats) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double speed = audioSeconds / Math.max(elapsed, 1e-9);
            err.printf(Locale.ROOT, "%d files, %.1f s of audio in %.2f s: %.0f× real time (%.3f audio hours/s)%n",
                    todo.size(), audioSeconds, elapsed, speed, speed / 3600);
        }
        return failed;
    }
}
