package dev.timbre.eval;

/**
 * The study's S1: a class is reported when the mean over windows of its sigmoid exceeds θ1 (study: 0.1). The
 * study's code summed instead of averaging, which favours long clips; {@link Reduction#SUM} reproduces that.
 *
 * @param threshold θ1
 * @param reduction mean (the study's text, default) or sum (the study's code)
 */
public record MeanSigmoid(double threshold, Reduction reduction) implements DecisionRule {

    public enum Reduction { MEAN, SUM }

    public MeanSigmoid {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("S1 threshold must be finite");
        }
        if (reduction == null) {
            throw new IllegalArgumentException("S1 reduction required");
        }
    }

    @Override
    public Decision decide(float[][] logits) {
        double[] sum = DecisionRule.sigmoidSums(logits);
        double[] scores = new double[sum.length];
        for (int c = 0; c < sum.length; c++) {
            scores[c] = reduction == Reduction.MEAN ? sum[c] / logits.length : sum[c];
        }
        return Decision.above(scores, threshold);
    }

    @Override
    public String family() {
        return "s1";
    }

    @Override
    public DecisionRule withThreshold(double t) {
        return new MeanSigmoid(t, reduction);
    }

    @Override
    public String spec() {
        return (reduction == Reduction.MEAN ? "s1:" : "s1-sum:") + Rules.format(threshold);
    }
}
