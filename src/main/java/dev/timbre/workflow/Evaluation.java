package dev.timbre.workflow;

import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.LabelledAudio;
import dev.timbre.dataset.TestingClip;
import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.ClipLogits;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.eval.Rules;
import dev.timbre.io.Json;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.predict.Windowing;
import dev.timbre.report.ResultsTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Evaluating a bundle on labelled audio and recording what it scored. Scoring: each clip (the testing clips of an
 * IRMAS-format root, a folder of labelled recordings, or mixtures made in memory) goes through the recognizer's
 * window loop, the logits of its windows above the energy floor (those prediction decides on; a clip with none is
 * listed as not scored) are turned into clip decisions by every rule, multi-label metrics are computed per rule
 * over all clips, and top-1 metrics over the clips with one instrument. Decoding and features run on a
 * worker pool ahead of the network, which keeps both cores busy. Recording: the report as JSON and a CSV row, the
 * window logits beside them, and the test scores in the bundle's manifest.
 */
public final class Evaluation {

    /** Scores plus the raw logits they came from. */
    public record Outcome(EvaluationReport report, ClipLogits logits) {
    }

    private Evaluation() {
    }

    /**
     * Something to score: a name (a file's path), its true instruments and how to get its audio.
     *
     * @param name   names the clip in results and errors
     * @param labels its instruments (at least one)
     * @param audio  decodes or renders it at the pipeline's rate
     */
    public record Item(String name, Set<Instrument> labels, AudioSource audio) {

        /** A labelled file, decoded through the bundle's feature pipeline. */
        public static Item of(TestingClip clip) {
            return new Item(clip.file().toString(), clip.labels(), p -> p.load(clip.file()));
        }
    }

    /** Audio of an item at the pipeline's rate. */
    @FunctionalInterface
    public interface AudioSource {
        AudioClip load(FeaturePipeline pipeline) throws IOException;
    }

    /** Shows an evaluation's progress: the number of clips first, then how many are done; closed at the end. */
    public interface Progress extends AutoCloseable {
        void start(int clips);

        void done(int clips);

        @Override
        default void close() {
        }
    }

    /**
     * Scores the labelled clips under {@code data} (the testing clips of an IRMAS-format root, or the labelled
     * files of a plain folder, see {@link LabelledAudio}) with the bundle's windowing cut by {@code policy}.
     *
     * @param device where the network runs
     */
    public static Outcome run(ModelBundle bundle, Path data, WindowPolicy policy, List<DecisionRule> rules,
                              ComputeDevice device, Progress progress) throws IOException {
        try (progress) {
            List<TestingClip> clips = labelled(data);
            progress.start(clips.size());
            return run(bundle, clips.stream().map(Item::of).toList(), data.toString(),
                    Windowing.of(bundle.manifest().windowing()).withPolicy(policy), rules, device, progress::done);
        }
    }

    /** The clips {@link #run(ModelBundle, Path, WindowPolicy, List, ComputeDevice, Progress)} scores. */
    public static List<TestingClip> labelled(Path data) throws IOException {
        List<TestingClip> clips = LabelledAudio.scan(data, false).clips();
        if (clips.isEmpty()) {
            throw new IOException(data + ": no labelled clips (IRMAS testing parts with .wav and .txt files, or "
                    + "audio files in folders named by instrument code, e.g. " + data.resolve("cel") + ")");
        }
        return clips;
    }

    /**
     * Scores {@code items}; the first rule decides what counts as reported for the single-label hit rate.
     *
     * @param dataName names the data in the report
     * @param device   where the network runs
     */
    public static Outcome run(ModelBundle bundle, List<Item> items, String dataName, Windowing windowing,
                              List<DecisionRule> rules, ComputeDevice device, IntConsumer progress)
            throws IOException {
        if (items.isEmpty()) {
            throw new IOException(dataName + ": nothing to score");
        }
        FeaturePipeline pipeline = new FeaturePipeline(bundle.manifest().features(), null);
        List<String> classes = bundle.manifest().classes();
        List<String> failures = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        List<float[][]> logits = new ArrayList<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "timbre-eval");
            t.setDaemon(true);
            return t;
        });
        try (InstrumentRecognizer recognizer = InstrumentRecognizer.of(bundle, windowing, rules.get(0), device)) {
            Deque<Future<Object>> ahead = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < items.size(); i++) {
                while (next < items.size() && ahead.size() < threads * 2) {
                    Item c = items.get(next++);
                    ahead.add(pool.submit(() -> {
                        try {
                            return c.audio().load(pipeline);
                        } catch (IOException | RuntimeException e) {
                            return e;
                        }
                    }));
                }
                Item item = items.get(i);
                Object loaded = ahead.poll().get();
                float[][] sounding = null;
                if (loaded instanceof AudioClip clip) {
                    try {
                        sounding = recognizer.windowLogits(clip, item.name()).sounding();
                        if (sounding.length == 0) {
                            loaded = new IOException(String.format(Locale.ROOT, "%s: silent (no window above the "
                                    + "energy floor of %.0f dBFS): prediction reports no instrument",
                                    item.name(), InstrumentRecognizer.SILENCE_FLOOR_DBFS));
                        }
                    } catch (IOException e) {
                        loaded = e;
                    }
                }
                if (loaded instanceof Exception e) {
                    failures.add(e.getMessage() == null ? item.name() + ": " + e : e.getMessage());
                } else {
                    files.add(item.name());
                    boolean[] t = new boolean[classes.size()];
                    for (Instrument in : item.labels()) {
                        t[classes.indexOf(in.code())] = true;
                    }
                    truth.add(t);
                    logits.add(sounding);
                }
                progress.accept(i + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("evaluation interrupted");
        } catch (ExecutionException e) {
            throw new IOException("evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (files.isEmpty()) {
            throw new IOException(dataName + ": no clip could be scored (" + failures.get(0) + ")");
        }
        ClipLogits cl = new ClipLogits(files, truth.toArray(boolean[][]::new), logits);
        ClipEvaluation.Context context = new ClipEvaluation.Context(bundle.manifest().name(), bundle.location(),
                dataName, windowing.describe(),
                classes);
        return new Outcome(ClipEvaluation.report(context, cl, rules, failures), cl);
    }

    /**
     * The rules an evaluation applies: {@code bundle} (the rules stored in the bundle, thresholds chosen on
     * validation data), {@code study} (the study's fixed thresholds) or a list of rule specs.
     */
    public static List<DecisionRule> rulesFor(String option, ModelBundle bundle) {
        return switch (option.strip().toLowerCase(Locale.ROOT)) {
            case "bundle" -> bundleRules(bundle);
            case "study" -> Rules.study();
            default -> Rules.parseList(option);
        };
    }

    /** The rules stored in the bundle, its default first. */
    public static List<DecisionRule> bundleRules(ModelBundle bundle) {
        return Rules.parseList(String.join(",", bundle.manifest().rules()));
    }

    /**
     * Writes an evaluation's results: the report in {@code json} (its folder made if need be), a row appended to
     * {@code csv} and the window logits beside {@code json}.
     */
    public static void writeResults(Outcome outcome, Path json, Path csv) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Json.text(outcome.report()));
        ResultsTable.appendCsv(csv, outcome.report());
        writeLogits(outcome.logits(), json.toAbsolutePath().resolveSibling(RunDirectory.WINDOW_LOGITS));
    }

    /**
     * {@link #writeResults} and the test scores in the manifest of the bundle in {@code bundleDir}, which its
     * card then quotes: for the data those figures are to describe (a corpus's test clips).
     */
    public static void record(Path bundleDir, Outcome outcome, Path json, Path csv) throws IOException {
        writeResults(outcome, json, csv);
        recordInBundle(bundleDir, outcome.report());
    }

    /** The window logits behind the scores, so thresholds can be studied without running the model again. */
    public static void writeLogits(ClipLogits logits, Path file) throws IOException {
        Files.writeString(file, Json.text(logits));
    }

    /** Keeps the test scores in the bundle's model.json (test.<rule family>.<micro|macro>.<metric>). */
    public static void recordInBundle(Path bundleDir, EvaluationReport report) throws IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        report.rules().forEach((family, r) -> {
            m.put("test." + family + ".threshold", r.threshold());
            m.put("test." + family + ".micro.f1", r.micro().f1());
            m.put("test." + family + ".macro.f1", r.macro().f1());
            m.put("test." + family + ".micro.precision", r.micro().precision());
            m.put("test." + family + ".micro.recall", r.micro().recall());
        });
        m.put("test.lrap", report.lrap());
        m.put("test.known_count.micro.f1", report.knownCount().microF1());
        m.put("test.clips", (double) report.clips());
        if (report.singleLabel() != null) {
            m.put("test.single_label.top1", report.singleLabel().scores().top1());
            m.put("test.single_label.balanced_top1", report.singleLabel().scores().balancedTop1());
            m.put("test.single_label.hit_rate", report.singleLabel().scores().hitRate());
        }
        ModelBundle.addMetrics(bundleDir, m);
    }
}
