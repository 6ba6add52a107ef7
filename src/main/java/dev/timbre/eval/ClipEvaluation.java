package dev.timbre.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores clips from their window logits, in one fixed sequence: every rule's decisions and multi-label metrics over
 * all clips, label-ranking average precision and the known-count reference of the mean window sigmoids, the
 * confusion of S2's decisions, and top-1 metrics over the clips with one instrument.
 */
public final class ClipEvaluation {

    private ClipEvaluation() {
    }

    /**
     * What was scored, for the report.
     *
     * @param model     the model's name
     * @param bundle    where its bundle was read from
     * @param data      names the data
     * @param windowing e.g. {@code cover 132299/0.25}
     * @param classes   class codes, in logit order
     */
    public record Context(String model, String bundle, String data, String windowing, List<String> classes) {
    }

    /**
     * @param rules    the rules to score; the first decides what the single-label hit rate counts as reported
     * @param failures clips that could not be scored, with the reason
     */
    public static EvaluationReport report(Context context, ClipLogits cl, List<DecisionRule> rules,
                                          List<String> failures) {
        List<String> classes = context.classes();
        DecisionRule s2 = rules.stream().filter(r -> r.family().equals("s2")).findFirst().orElse(rules.get(0));
        Map<String, EvaluationReport.RuleResult> results = new LinkedHashMap<>();
        for (DecisionRule r : rules) {
            results.put(r.family(), score(r, cl, classes));
        }
        double[][] meanSigmoids = scores(new MeanSigmoid(0, MeanSigmoid.Reduction.MEAN), cl);
        double lrap = MultiLabelMetrics.labelRankingAveragePrecision(cl.truth(), meanSigmoids);
        return new EvaluationReport(context.model(), context.bundle(), context.data(), cl.files().size(),
                context.windowing(), results, lrap, MultiLabelMetrics.knownCount(cl.truth(), meanSigmoids),
                confusion(s2, cl, classes), singleLabel(rules.get(0), cl, meanSigmoids, classes), failures);
    }

    /** The same clips scored with other rules, without running the model again. */
    public static EvaluationReport rescore(EvaluationReport r, ClipLogits logits, List<DecisionRule> rules) {
        Map<String, EvaluationReport.RuleResult> results = new LinkedHashMap<>();
        List<String> classes = r.rules().values().iterator().next().perClass().stream()
                .map(MultiLabelMetrics.ClassScores::code).toList();
        for (DecisionRule rule : rules) {
            results.put(rule.family(), score(rule, logits, classes));
        }
        return new EvaluationReport(r.model(), r.bundle(), r.data(), r.clips(), r.windowing(), results, r.lrap(),
                r.knownCount(), r.confusion(), r.singleLabel(), r.failures());
    }

    /** Scores of one rule on stored logits. */
    public static EvaluationReport.RuleResult score(DecisionRule r, ClipLogits cl, List<String> classes) {
        MultiLabelMetrics.Scores s = MultiLabelMetrics.score(cl.truth(), decisions(r, cl), classes);
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
            int label = onlyLabel(cl.truth()[i]);
            if (label >= 0) {
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

    /**
     * Each clip's outcome, kept per clip for resampling: its one label (if it has one), its top class by mean window
     * sigmoid (as {@link #singleLabel} takes it) and what {@code rule} reported.
     */
    public static ClipOutcomes outcomes(ClipLogits cl, DecisionRule rule) {
        double[][] meanSigmoids = scores(new MeanSigmoid(0, MeanSigmoid.Reduction.MEAN), cl);
        int n = cl.truth().length;
        int[] label = new int[n];
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = onlyLabel(cl.truth()[i]);
            top[i] = SingleLabelMetrics.argMax(meanSigmoids[i]);
        }
        return new ClipOutcomes(cl.files(), cl.truth(), decisions(rule, cl), label, top);
    }

    /** The index of a clip's one instrument, or -1 when it has none or several. */
    private static int onlyLabel(boolean[] truth) {
        int label = -1;
        for (int c = 0; c < truth.length; c++) {
            if (truth[c]) {
                if (label >= 0) {
                    return -1;
                }
                label = c;
            }
        }
        return label;
    }

    private static boolean[][] decisions(DecisionRule r, ClipLogits cl) {
        boolean[][] predicted = new boolean[cl.logits().size()][];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = r.decide(cl.logits().get(i)).selected();
        }
        return predicted;
    }

    private static double[][] scores(DecisionRule r, ClipLogits cl) {
        double[][] out = new double[cl.logits().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.decide(cl.logits().get(i)).scores();
        }
        return out;
    }

    private static Map<String, Map<String, Long>> confusion(DecisionRule r, ClipLogits cl, List<String> classes) {
        long[][] m = MultiLabelMetrics.confusion(cl.truth(), decisions(r, cl));
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
