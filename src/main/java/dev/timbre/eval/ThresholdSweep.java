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
        for (double t : thresholds) {
            DecisionRule r = rule.withThreshold(t);
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < truth.length; i++) {
                boolean[] sel = r.decide(logits.get(i)).selected();
                for (int c = 0; c < sel.length; c++) {
                    if (sel[c] && truth[i][c]) {
                        tp++;
                    } else if (sel[c]) {
                        fp++;
                    } else if (truth[i][c]) {
                        fn++;
                    }
                }
            }
            double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double rc = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            Point pt = new Point(t, p, rc, f1);
            points.add(pt);
            if (best == null || f1 > best.f1()) {
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
        double[] chosen = new double[classes];
        for (int c = 0; c < classes; c++) {
            double best = -1;
            chosen[c] = fallback;
            boolean anyPositive = false;
            for (boolean[] t : truth) {
                anyPositive |= t[c];
            }
            if (!anyPositive) {
                continue;
            }
            for (double t : thresholds) {
                long tp = 0;
                long fp = 0;
                long fn = 0;
                for (int i = 0; i < truth.length; i++) {
                    boolean sel = scores[i][c] > t;
                    tp += sel && truth[i][c] ? 1 : 0;
                    fp += sel && !truth[i][c] ? 1 : 0;
                    fn += !sel && truth[i][c] ? 1 : 0;
                }
                double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
                if (f1 > best) {
                    best = f1;
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
