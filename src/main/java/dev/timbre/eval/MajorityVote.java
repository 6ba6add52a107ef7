package dev.timbre.eval;

/**
 * The study's majority vote: a class is reported when it is the arg-max of at least
 * {@code max(1, ⌊fraction · k⌋)} of the clip's {@code k} windows (study: fraction 1/3). The floor of one window
 * keeps one- and two-window clips from reporting every class. Clip score: the share of windows won.
 *
 * @param fraction share of windows a class must win
 */
public record MajorityVote(double fraction) implements DecisionRule {

    public MajorityVote {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("majority fraction must be in (0, 1], got " + fraction);
        }
    }

    public static MajorityVote third() {
        return new MajorityVote(1.0 / 3);
    }

    @Override
    public Decision decide(float[][] logits) {
        DecisionRule.requireWindows(logits);
        int k = logits.length;
        int classes = logits[0].length;
        int[] wins = new int[classes];
        for (float[] w : logits) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (w[c] > w[best]) {
                    best = c;
                }
            }
            wins[best]++;
        }
        // The slack keeps a fraction written as 0.333333 from flooring one vote short at k = 6, 9, ...
        int needed = Math.max(1, (int) Math.floor(fraction * k + 1e-4));
        boolean[] sel = new boolean[classes];
        double[] scores = new double[classes];
        for (int c = 0; c < classes; c++) {
            sel[c] = wins[c] >= needed;
            scores[c] = wins[c] / (double) k;
        }
        return new Decision(sel, scores);
    }

    @Override
    public String family() {
        return "majority";
    }

    @Override
    public double threshold() {
        return fraction;
    }

    @Override
    public DecisionRule withThreshold(double threshold) {
        return new MajorityVote(threshold);
    }

    @Override
    public String spec() {
        return "majority:" + Rules.format(fraction);
    }
}
