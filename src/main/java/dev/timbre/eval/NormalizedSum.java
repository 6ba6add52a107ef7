package dev.timbre.eval;

/**
 * The study's S2: per class the sum over windows of its sigmoid, divided by the largest such sum over
 * classes; a class is reported when that exceeds θ2 (study: 0.4). The top class is always reported.
 *
 * @param threshold θ2
 */
public record NormalizedSum(double threshold) implements DecisionRule {

    public NormalizedSum {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("S2 threshold must be finite");
        }
    }

    @Override
    public Decision decide(float[][] logits) {
        double[] sum = DecisionRule.sigmoidSums(logits);
        double max = 0;
        for (double v : sum) {
            max = Math.max(max, v);
        }
        double[] scores = new double[sum.length];
        for (int c = 0; c < sum.length; c++) {
            scores[c] = max > 0 ? sum[c] / max : 0;
        }
        return Decision.above(scores, threshold);
    }

    @Override
    public String family() {
        return "s2";
    }

    @Override
    public DecisionRule withThreshold(double t) {
        return new NormalizedSum(t);
    }

    @Override
    public String spec() {
        return "s2:" + Rules.format(threshold);
    }
}
