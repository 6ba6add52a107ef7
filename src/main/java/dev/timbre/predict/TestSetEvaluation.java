package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.dataset.TestingClip;
import dev.timbre.eval.Decision;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.MeanSigmoid;
import dev.timbre.eval.MultiLabelMetrics;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Scores a bundle on the testing clips of an IRMAS-format root: each clip cut into windows, the window logits
 * turned into clip decisions by every rule, and multi-label metrics computed per rule. Decoding and features
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

    public static Outcome run(ModelBundle bundle, Path data, Windowing windowing, List<DecisionRule> rules,
                              IntConsumer progress) throws IOException {
        IrmasDataset ds = IrmasDataset.open(data);
        List<TestingClip> clips = ds.testing();
        if (clips.isEmpty()) {
            throw new IOException(data + ": no testing clips (" + IrmasDataset.TESTING_PREFIX + "1/2/3 with .wav and "
                    + ".txt files)");
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
            for (int i = 0; i < clips.size(); i++) {
                while (next < clips.size() && ahead.size() < threads * 2) {
                    TestingClip c = clips.get(next++);
                    ahead.add(pool.submit(() -> {
                        try {
                            return pipeline.load(c.file());
                        } catch (IOException | RuntimeException e) {
                            return e;
                        }
                    }));
                }
                TestingClip clip = clips.get(i);
                Object loaded = ahead.poll().get();
                if (loaded instanceof Exception e) {
                    failures.add(e.getMessage() == null ? clip.file() + ": " + e : e.getMessage());
                } else {
                    InstrumentRecognizer.WindowLogits wl = recognizer.windowLogits((AudioClip) loaded);
                    files.add(clip.file().toString());
                    boolean[] t = new boolean[classes.size()];
                    for (Instrument in : clip.labels()) {
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
            throw new IOException(data + ": no testing clip could be scored (" + failures.get(0) + ")");
        }
        ClipLogits cl = new ClipLogits(files, truth.toArray(boolean[][]::new), logits);
        Map<String, EvaluationReport.RuleResult> results = new LinkedHashMap<>();
        for (DecisionRule r : rules) {
            results.put(r.family(), score(r, cl, classes));
        }
        double[][] meanSigmoids = scores(new MeanSigmoid(0, MeanSigmoid.Reduction.MEAN), cl);
        double lrap = MultiLabelMetrics.labelRankingAveragePrecision(cl.truth(), meanSigmoids);
        EvaluationReport report = new EvaluationReport(bundle.manifest().name(), bundle.location(),
                data.toString(), files.size(), windowing.policy().cliName() + " " + windowing.windowFrames() + "/"
                + windowing.overlap(), results, lrap, MultiLabelMetrics.knownCount(cl.truth(), meanSigmoids),
                confusion(s2, cl, classes), failures);
        return new Outcome(report, cl);
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
                r.knownCount(), r.confusion(), r.failures());
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
