package dev.timbre.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Sweeps a rule's threshold over a grid on labelled clips and finds the one with the best micro-F1. Meant for
 * validation data only: thresholds picked on a test set overstate what a model will do on new data.
 */
public final class ThresholdSweep {

    private ThresholdSweep() {
    }

    /** Scores at one threshold. */
    public record Point(double threshold, double precision, double recall, double f1) {
    }

    /**
     * The sweep of one rule family.
     *
     * @param rule   the rule with the best threshold
     * @param points every threshold tried, in order
     * @param best   the point of the best micro-F1 (the lowest threshold among ties)
     */
    public record Result(DecisionRule rule, List<Point> points, Point best) {
    }

    /**
     * @param rule       the rule whose threshold varies
     * @param thresholds grid to try
     * @param logits     per clip {@code (windows, classes)}
     * @param truth      per clip {@code (classes)}
     */
    public static Result sweep(DecisionRule rule, double[] thresholds, List<float[][]> logits, boolean[][] truth) {
        if (logits.size() != truth.length || truth.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty logits and truth");
        }
        List<Point> points = new ArrayList<>();
        Point best = null;
        DecisionRule bestRule = rule;
        boolean[][] predicted = new boolean[truth.length][];
        for (double t : thresholds) {
            DecisionRule r = rule.withThreshold(t);
            for (int i = 0; i < truth.length; i++) {
                predicted[i] = r.decide(logits.get(i)).selected();
            }
            MultiLabelMetrics.Prf micro = MultiLabelMetrics.micro(truth, predicted);
            Point pt = new Point(t, micro.precision(), micro.recall(), micro.f1());
            points.add(pt);
            if (best == null || pt.f1() > best.f1()) {
                best = pt;
                bestRule = r;
            }
        }
        return new Result(bestRule, points, best);
    }

    /**
     * One threshold per class, each the grid value with the best F1 of that class alone (ties: the lower
     * threshold). A class with no positive example keeps {@code fallback}.
     *
     * @param rule       the rule whose per-class threshold varies (its clip scores are compared per class)
     * @param thresholds grid to try
     * @param logits     per clip {@code (windows, classes)}
     * @param truth      per clip {@code (classes)}
     * @param fallback   threshold for a class without positives (e.g. the best global one)
     * @return {@code (classes)} thresholds
     */
    public static double[] perClass(DecisionRule rule, double[] thresholds, List<float[][]> logits,
                                    boolean[][] truth, double fallback) {
        int classes = truth[0].length;
        double[][] scores = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            scores[i] = rule.decide(logits.get(i)).scores();
        }
        boolean[] anyPositive = new boolean[classes];
        for (boolean[] t : truth) {
            for (int c = 0; c < classes; c++) {
                anyPositive[c] |= t[c];
            }
        }
        double[] chosen = new double[classes];
        double[] best = new double[classes];
        java.util.Arrays.fill(chosen, fallback);
        java.util.Arrays.fill(best, -1);
        boolean[][] predicted = new boolean[truth.length][classes];
        for (double t : thresholds) {
            for (int i = 0; i < truth.length; i++) {
                for (int c = 0; c < classes; c++) {
                    predicted[i][c] = scores[i][c] > t;
                }
            }
            double[] f1 = MultiLabelMetrics.perClassF1(truth, predicted);
            for (int c = 0; c < classes; c++) {
                if (anyPositive[c] && f1[c] > best[c]) {
                    best[c] = f1[c];
                    chosen[c] = t;
                }
            }
        }
        return chosen;
    }

    /**
     * Decisions of {@code rule} with a threshold per class instead of its own: class {@code c} is reported when
     * the rule's clip score exceeds {@code thresholds[c]}.
     *
     * @return per clip {@code (classes)}
     */
    public static boolean[][] decidePerClass(DecisionRule rule, double[] thresholds, List<float[][]> logits) {
        boolean[][] out = new boolean[logits.size()][];
        for (int i = 0; i < logits.size(); i++) {
            double[] s = rule.decide(logits.get(i)).scores();
            out[i] = new boolean[s.length];
            for (int c = 0; c < s.length; c++) {
                out[i][c] = s[c] > thresholds[c];
            }
        }
        return out;
    }

    /** {@code from, from + step, ..., ≤ to}. */
    public static double[] grid(double from, double to, double step) {
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.round((from + i * step) * 1e6) / 1e6;
        }
        return g;
    }
}
