package dev.timbre.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.InstrumentScore;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.TimelineWindow;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code timbre predict}: the instruments in audio files or folders. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Recognize the instruments in audio files; folders are walked recursively.",
                "A file that fails is reported and the rest go on; the exit code is 2 when any failed."})
public final class PredictCommand implements Callable<Integer> {

    static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "flac", "mp3", "ogg", "oga");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "Model bundle (run directory); default: the bundled model.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Audio files or folders.")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "table", description = "table, json (one object per line) or csv "
            + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--timeline", description = "Include per-window scores with start and end seconds.")
    boolean timeline;

    @Option(names = "--out", description = "Write results to this file instead of stdout; with json, files already "
            + "in it are skipped (resume).")
    Path out;

    @Option(names = "--stats", description = "Print files, audio seconds and the real-time factor at the end (stderr).")
    boolean stats;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "csv").contains(fmt)) {
            throw new IllegalArgumentException("--format must be table, json or csv, got '" + format + "'");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = collect(inputs, err);
        Set<String> done = out != null && fmt.equals("json") ? alreadyDone(out) : Set.of();
        int failed = 0;
        try (InstrumentRecognizer recognizer = DefaultModel.recognizer(model);
             Writer sink = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            PrintWriter w = sink == null ? spec.commandLine().getOut() : new PrintWriter(sink);
            if (fmt.equals("csv") && (out == null || Files.size(out) == 0)) {
                w.println("file," + String.join(",", recognizer.bundle().manifest().classes()) + ",instruments");
            }
            List<Path> todo = files.stream().filter(f -> !done.contains(f.toString())).toList();
            long start = System.nanoTime();
            double audioSeconds = 0;
            // Files are recognized on a pool, each streamed window by window (memory flat in its length), so one
            // file's decoding and features overlap another's network pass; results are printed in input order.
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    r -> {
                        Thread t = new Thread(r, "timbre-predict");
                        t.setDaemon(true);
                        return t;
                    });
            try (Progress bar = Progress.bar("predict", todo.size(), "files")) {
                java.util.ArrayDeque<java.util.concurrent.Future<Object>> ahead = new java.util.ArrayDeque<>();
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
                        err.println(e.getMessage() == null ? f + ": " + e : e.getMessage());
                        err.flush();
                    } else {
                        Recognition r = (Recognition) result;
                        print(w, fmt, f, r);
                        w.flush();
                        audioSeconds += r.durationSeconds();
                    }
                    bar.step();
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    double speed = audioSeconds / Math.max(elapsed, 1e-9);
                    bar.message(String.format(Locale.ROOT, "%.0f× real time, %.3f audio h/s", speed, speed / 3600));
                }
            } finally {
                pool.shutdownNow();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (stats) {
                double speed = audioSeconds / Math.max(elapsed, 1e-9);
                err.printf(Locale.ROOT, "%d files, %.1f s of audio in %.2f s: %.0f× real time (%.3f audio hours/s)%n",
                        todo.size(), audioSeconds, elapsed, speed, speed / 3600);
            }
            w.flush();
        }
        if (failed > 0) {
            err.printf("%d of %d files failed%n", failed, files.size());
        }
        return failed > 0 ? 2 : 0;
    }

    private void print(PrintWriter w, String fmt, Path f, Recognition r) throws IOException {
        switch (fmt) {
            case "json" -> w.println(JSON.writeValueAsString(toJson(f, r, timeline)));
            case "csv" -> {
                List<String> cells = new ArrayList<>();
                cells.add(csv(f.toString()));
                r.scores().values().forEach(v -> cells.add(String.format(Locale.ROOT, "%.4f", v)));
                cells.add(String.join(";", r.instruments().stream().map(InstrumentScore::code).toList()));
                w.println(String.join(",", cells));
            }
            default -> {
                w.printf("%s  (%.1f s, %s)%n", f, r.durationSeconds(), r.rule());
                if (r.instruments().isEmpty()) {
                    w.println("  no instrument above the threshold");
                }
                for (InstrumentScore s : r.instruments()) {
                    w.printf(Locale.ROOT, "  %-3s %-16s %.3f%n", s.code(), s.name(), s.score());
                }
                if (timeline) {
                    for (TimelineWindow t : r.timeline()) {
                        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "    %6.2f-%6.2f s", t.start(),
                                t.end()));
                        t.scores().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k, v)));
                        w.println(sb);
                    }
                }
            }
        }
    }

    static ObjectNode toJson(Path f, Recognition r, boolean timeline) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", f.toString());
        ArrayNode inst = o.putArray("instruments");
        for (InstrumentScore s : r.instruments()) {
            inst.addObject().put("code", s.code()).put("name", s.name()).put("score", s.score());
        }
        ObjectNode scores = o.putObject("scores");
        r.scores().forEach(scores::put);
        if (timeline) {
            ArrayNode tl = o.putArray("timeline");
            for (TimelineWindow t : r.timeline()) {
                ObjectNode e = tl.addObject().put("start", t.start()).put("end", t.end());
                ObjectNode s = e.putObject("scores");
                for (Map.Entry<String, Double> x : t.scores().entrySet()) {
                    s.put(x.getKey(), x.getValue());
                }
            }
        }
        return o;
    }

    static List<Path> collect(List<Path> inputs, PrintWriter err) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(PredictCommand::isAudio).sorted().forEach(files::add);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new IOException(p + ": no such file or directory");
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no audio files found in " + inputs);
        }
        return files;
    }

    static boolean isAudio(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static Set<String> alreadyDone(Path out) throws IOException {
        Set<String> done = new HashSet<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    done.add(JSON.readTree(line).get("file").asText());
                } catch (IOException | NullPointerException e) {
                    // A line torn by an interrupted run: that file is predicted again.
                }
            }
        }
        return done;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
