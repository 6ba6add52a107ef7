package dev.timbre.eval;

import java.util.ArrayList;
import java.util.List;

/** The lists of decision rules timbre uses, and parsing of rule lists. */
public final class Rules {

    /** The study's S1 threshold θ1. */
    public static final double STUDY_S1 = 0.1;
    /** The study's S2 threshold θ2. */
    public static final double STUDY_S2 = 0.4;

    private Rules() {
    }

    /** The study's three rules with its thresholds: majority ⌊k/3⌋, S1 (mean) θ1 = 0.1, S2 θ2 = 0.4. */
    public static List<DecisionRule> study() {
        return List.of(MajorityVote.third(), new MeanSigmoid(STUDY_S1, MeanSigmoid.Reduction.MEAN),
                new NormalizedSum(STUDY_S2));
    }

    /**
     * The rules a new bundle records when its thresholds are not chosen on validation data: S2 first (prediction's
     * default, the study's best rule), then S1, then majority, with the study's thresholds.
     */
    public static List<DecisionRule> newBundle() {
        return List.of(new NormalizedSum(STUDY_S2), new MeanSigmoid(STUDY_S1, MeanSigmoid.Reduction.MEAN),
                MajorityVote.third());
    }

    /** The rules whose threshold is chosen on validation data (S1 and S2), starting from the study's. */
    public static List<DecisionRule> tunable() {
        return List.of(new MeanSigmoid(STUDY_S1, MeanSigmoid.Reduction.MEAN), new NormalizedSum(STUDY_S2));
    }

    /** Specs joined by commas, as {@link #parseList} reads them. */
    public static String specs(List<DecisionRule> rules) {
        return String.join(",", rules.stream().map(DecisionRule::spec).toList());
    }

    /** Parses a comma-separated list of rule specs. */
    public static List<DecisionRule> parseList(String specs) {
        List<DecisionRule> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(DecisionRule.parse(s));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no decision rules given");
        }
        return out;
    }

    static String format(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
