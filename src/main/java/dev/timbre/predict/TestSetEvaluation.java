package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.LabelledAudio;
import dev.timbre.dataset.TestingClip;
import dev.timbre.eval.Decision;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.MeanSigmoid;
import dev.timbre.eval.MultiLabelMetrics;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.eval.ThresholdSweep;
import dev.timbre.eval.Windowing;
import dev.timbre.feature.FeaturePipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Scores a bundle on labelled clips (the testing clips of an IRMAS-format root, a folder of labelled recordings,
 * or mixtures made in memory): each clip cut into windows, the window logits turned into clip decisions by every
 * rule, multi-label metrics computed per rule over all clips, and top-1 metrics over the clips with one
 * instrument. Decoding and features
 * run on a worker pool ahead of the network, which keeps both cores busy.
 */
public final class TestSetEvaluation {

    /**
     * Window logits of every scored clip, kept so thresholds can be swept without running the model again.
     *
     * @param files  clip files
     * @param truth  {@code (clips, classes)}
     * @param logits per clip {@code (windows, classes)}
     */
    public record ClipLogits(List<String> files, boolean[][] truth, List<float[][]> logits) {
    }

    /** Scores plus the raw logits they came from. */
    public record Outcome(EvaluationReport report, ClipLogits logits) {
    }

    private TestSetEvaluation() {
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

    /**
     * Scores the labelled clips under {@code data}: the testing clips of an IRMAS-format root, or the labelled
     * files of a plain folder (see {@link LabelledAudio}).
     */
    public static Outcome run(ModelBundle bundle, Path data, Windowing windowing, List<DecisionRule> rules,
                              IntConsumer progress) throws IOException {
        List<TestingClip> clips = labelled(data);
        return run(bundle, clips.stream().map(Item::of).toList(), data.toString(), windowing, rules, progress);
    }

    /** The clips {@link #run(ModelBundle, Path, Windowing, List, IntConsumer)} scores. */
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
     */
    public static Outcome run(ModelBundle bundle, List<Item> items, String dataName, Windowing windowing,
                              List<DecisionRule> rules, IntConsumer progress) throws IOException {
        if (items.isEmpty()) {
            throw new IOException(dataName + ": nothing to score");
        }
        DecisionRule s2 = rules.stream().filter(r -> r.family().equals("s2")).findFirst()
                .orElse(rules.get(0));
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
        try (InstrumentRecognizer recognizer = InstrumentRecognizer.of(bundle, windowing, rules.get(0))) {
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
                if (loaded instanceof Exception e) {
                    failures.add(e.getMessage() == null ? item.name() + ": " + e : e.getMessage());
                } else {
                    InstrumentRecognizer.WindowLogits wl = recognizer.windowLogits((AudioClip) loaded);
                    files.add(item.name());
                    boolean[] t = new boolean[classes.size()];
                    for (Instrument in : item.labels()) {
                        t[classes.indexOf(in.code())] = true;
                    }
                    truth.add(t);
                    logits.add(wl.logits());
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
        Map<String, EvaluationReport.RuleResult> results = new LinkedHashMap<>();
        for (DecisionRule r : rules) {
            results.put(r.family(), score(r, cl, classes));
        }
        double[][] meanSigmoids = scores(new MeanSigmoid(0, MeanSigmoid.Reduction.MEAN), cl);
        double lrap = MultiLabelMetrics.labelRankingAveragePrecision(cl.truth(), meanSigmoids);
        EvaluationReport report = new EvaluationReport(bundle.manifest().name(), bundle.location(),
                dataName, files.size(), windowing.policy().cliName() + " " + windowing.windowFrames() + "/"
                + windowing.overlap(), results, lrap, MultiLabelMetrics.knownCount(cl.truth(), meanSigmoids),
                confusion(s2, cl, classes), singleLabel(rules.get(0), cl, meanSigmoids, classes), failures);
        return new Outcome(report, cl);
    }

    /**
     * Top-1, hit rate and confusion over the clips with exactly one instrument, or {@code null} when there are
     * none; the top class is the one with the highest mean window sigmoid, the reported ones are {@code rule}'s.
     */
    static EvaluationReport.SingleLabel singleLabel(DecisionRule rule, ClipLogits cl, double[][] meanSigmoids,
                                                    List<String> classes) {
        List<Integer> labels = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        List<boolean[]> reported = new ArrayList<>();
        for (int i = 0; i < cl.truth().length; i++) {
            int label = -1;
            int count = 0;
            for (int c = 0; c < cl.truth()[i].length; c++) {
                if (cl.truth()[i][c]) {
                    label = c;
                    count++;
                }
            }
            if (count == 1) {
                labels.add(label);
                scores.add(meanSigmoids[i]);
                reported.add(rule.decide(cl.logits().get(i)).selected());
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        SingleLabelMetrics.Scores s = SingleLabelMetrics.score(labels.stream().mapToInt(Integer::intValue).toArray(),
                scores.toArray(double[][]::new), reported.toArray(boolean[][]::new), classes);
        return new EvaluationReport.SingleLabel(rule.spec(), s);
    }

    /** The same clips scored with other rules, without running the model again. */
    public static EvaluationReport rescore(Outcome outcome, List<DecisionRule> rules) {
        EvaluationReport r = outcome.report();
        Map<String, EvaluationReport.RuleResult> results = new LinkedHashMap<>();
        List<String> classes = r.rules().values().iterator().next().perClass().stream()
                .map(MultiLabelMetrics.ClassScores::code).toList();
        for (DecisionRule rule : rules) {
            results.put(rule.family(), score(rule, outcome.logits(), classes));
        }
        return new EvaluationReport(r.model(), r.bundle(), r.data(), r.clips(), r.windowing(), results, r.lrap(),
                r.knownCount(), r.confusion(), r.singleLabel(), r.failures());
    }

    /** Scores of one rule on stored logits. */
    public static EvaluationReport.RuleResult score(DecisionRule r, ClipLogits cl, List<String> classes) {
        boolean[][] predicted = new boolean[cl.logits().size()][];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = r.decide(cl.logits().get(i)).selected();
        }
        MultiLabelMetrics.Scores s = MultiLabelMetrics.score(cl.truth(), predicted, classes);
        return new EvaluationReport.RuleResult(r.spec(), r.threshold(), s.micro(), s.macro(), s.perClass());
    }

    /**
     * Scores of one rule with a threshold per class (chosen elsewhere, on validation data) on stored logits.
     *
     * @param thresholds {@code (classes)}, in the order of {@code classes}
     */
    public static EvaluationReport.RuleResult scorePerClass(DecisionRule r, double[] thresholds, ClipLogits cl,
                                                           List<String> classes) {
        boolean[][] predicted = ThresholdSweep.decidePerClass(r, thresholds, cl.logits());
        MultiLabelMetrics.Scores s = MultiLabelMetrics.score(cl.truth(), predicted, classes);
        return new EvaluationReport.RuleResult(r.family() + ":per-class", Double.NaN, s.micro(), s.macro(),
                s.perClass());
    }

    static double[][] scores(DecisionRule r, ClipLogits cl) {
        double[][] out = new double[cl.logits().size()][];
        for (int i = 0; i < out.length; i++) {
            Decision d = r.decide(cl.logits().get(i));
            out[i] = d.scores();
        }
        return out;
    }

    private static Map<String, Map<String, Long>> confusion(DecisionRule r, ClipLogits cl, List<String> classes) {
        boolean[][] predicted = new boolean[cl.logits().size()][];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = r.decide(cl.logits().get(i)).selected();
        }
        long[][] m = MultiLabelMetrics.confusion(cl.truth(), predicted);
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (int t = 0; t < classes.size(); t++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int p = 0; p < classes.size(); p++) {
                row.put(classes.get(p), m[t][p]);
            }
            out.put(classes.get(t), row);
        }
        return out;
    }
}
