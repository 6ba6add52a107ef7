package dev.timbre.eval;


import java.util.List;
import java.util.Map;

/**
 * Scores of one model on a labelled test set; serialised as {@code results.json}, whose
 * {@code rules.<majority|s1|s2>.<micro|macro>.<precision|recall|f1>} hold the study's 18 numbers.
 *
 * @param model      bundle name
 * @param bundle     where the bundle was read from
 * @param data       the test set's root
 * @param clips      clips scored
 * @param windowing  e.g. {@code cover 132299/0.25}
 * @param rules      family ({@code majority}, {@code s1}, {@code s2}) → scores
 * @param lrap       label-ranking average precision of the mean window sigmoids
 * @param knownCount micro-F1 of the mean window sigmoids' k best classes, k being each clip's true count, overall
 *                   and per count (see {@link MultiLabelMetrics#knownCount})
 * @param confusion  true code → predicted code → count (S2 decisions; see {@link MultiLabelMetrics#confusion})
 * @param singleLabel top-1, hit rate and confusion over the clips with one instrument, or {@code null} when none has
 * @param failures   files that could not be scored, with the reason
 */
public record EvaluationReport(String model, String bundle, String data, int clips, String windowing,
                               Map<String, RuleResult> rules, double lrap, MultiLabelMetrics.KnownCount knownCount,
                               Map<String, Map<String, Long>> confusion, SingleLabel singleLabel,
                               List<String> failures) {

    /** The same scores under another name (an experiment names each row by its run). */
    public EvaluationReport withModel(String name) {
        return new EvaluationReport(name, bundle, data, clips, windowing, rules, lrap, knownCount, confusion,
                singleLabel, failures);
    }

    /**
     * Scores of the clips with one instrument.
     *
     * @param rule   the rule whose reported instruments the hit rate counts
     * @param scores top-1, hit rate, balanced top-1, per class and confusion
     */
    public record SingleLabel(String rule, SingleLabelMetrics.Scores scores) {
    }

    /**
     * One rule's scores.
     *
     * @param rule      its spec, e.g. {@code s2:0.4}
     * @param threshold its threshold (vote fraction for majority)
     */
    public record RuleResult(String rule, double threshold, MultiLabelMetrics.Prf micro, MultiLabelMetrics.Prf macro,
                             List<MultiLabelMetrics.ClassScores> perClass) {
    }
}
