package dev.timbre.eval;

/**
 * Turns the logits of a clip's windows into the set of instruments reported for the clip.
 * Rules are values: {@link #spec()} gives a string such as {@code s2:0.4} that {@link #parse} reads back, which
 * is how model bundles, result files and the command line name them.
 */
public sealed interface DecisionRule permits MajorityVote, MeanSigmoid, NormalizedSum {

    /**
     * @param logits {@code (windows, classes)}, at least one window
     */
    Decision decide(float[][] logits);

    /** Short family name used as a results key: {@code majority}, {@code s1} or {@code s2}. */
    String family();

    /** The threshold (or vote fraction) this rule compares clip scores with. */
    double threshold();

    /** This rule with another threshold (threshold sweeps). */
    DecisionRule withThreshold(double threshold);

    /** Round-trippable description, e.g. {@code majority:0.3333}, {@code s1:0.1}, {@code s1-sum:0.1}, {@code s2:0.4}. */
    String spec();

    /** Parses {@link #spec()} strings; a missing threshold takes the study's value. */
    static DecisionRule parse(String spec) {
        String s = spec.strip().toLowerCase(java.util.Locale.ROOT);
        String name = s;
        Double value = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            name = s.substring(0, colon);
            try {
                value = Double.parseDouble(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rule '" + spec + "': threshold is not a number");
            }
        }
        return switch (name) {
            case "majority" -> value == null ? MajorityVote.third() : new MajorityVote(value);
            case "s1" -> new MeanSigmoid(value == null ? Rules.STUDY_S1 : value, MeanSigmoid.Reduction.MEAN);
            case "s1-sum" -> new MeanSigmoid(value == null ? Rules.STUDY_S1 : value, MeanSigmoid.Reduction.SUM);
            case "s2" -> new NormalizedSum(value == null ? Rules.STUDY_S2 : value);
            default -> throw new IllegalArgumentException("unknown decision rule '" + spec
                    + "', expected majority[:fraction], s1[:θ], s1-sum[:θ] or s2[:θ]");
        };
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** Per class, the sum over windows of the sigmoid of its logit. */
    static double[] sigmoidSums(float[][] logits) {
        requireWindows(logits);
        double[] sum = new double[logits[0].length];
        for (float[] w : logits) {
            for (int c = 0; c < sum.length; c++) {
                sum[c] += sigmoid(w[c]);
            }
        }
        return sum;
    }

    static void requireWindows(float[][] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("a clip needs at least one window of logits");
        }
        int c = logits[0].length;
        for (float[] row : logits) {
            if (row.length != c) {
                throw new IllegalArgumentException("windows have different class counts: " + c + " vs " + row.length);
            }
        }
    }
}
