package dev.timbre.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-label precision, recall and F1 computed directly on label sets (scikit-learn's
 * {@code precision_recall_fscore_support} on indicator matrices with {@code zero_division=0}), and label-ranking
 * average precision. The study pushed multi-label results through a multi-class metric, which made its macro
 * precision identical for every model; these are the multi-label definitions.
 */
public final class MultiLabelMetrics {

    private MultiLabelMetrics() {
    }

    /**
     * @param truth     {@code (clips, classes)} true labels
     * @param predicted {@code (clips, classes)} reported labels
     * @param classes   class names for the per-class rows, in column order
     */
    public static Scores score(boolean[][] truth, boolean[][] predicted, List<String> classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " clips, predictions " + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no clips to score");
        }
        int c = classes.size();
        long[][] counts = counts(truth, predicted, c);
        long[] tp = counts[0];
        long[] fp = counts[1];
        long[] fn = counts[2];
        long sumTp = 0;
        long sumFp = 0;
        long sumFn = 0;
        double macroP = 0;
        double macroR = 0;
        double macroF = 0;
        List<ClassScores> perClass = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            Prf prf = Prf.of(tp[k], fp[k], fn[k]);
            perClass.add(new ClassScores(classes.get(k), prf.precision(), prf.recall(), prf.f1(),
                    (int) (tp[k] + fn[k])));
            macroP += prf.precision();
            macroR += prf.recall();
            macroF += prf.f1();
            sumTp += tp[k];
            sumFp += fp[k];
            sumFn += fn[k];
        }
        return new Scores(Prf.of(sumTp, sumFp, sumFn), new Prf(macroP / c, macroR / c, macroF / c), perClass);
    }

    /**
     * Micro-averaged precision, recall and F1 alone: what {@link #score} gives as {@code micro()}, for sweeps and
     * per-epoch validation that need no per-class rows.
     *
     * @param truth     {@code (clips, classes)} true labels
     * @param predicted {@code (clips, classes)} reported labels
     */
    public static Prf micro(boolean[][] truth, boolean[][] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty truth and predictions");
        }
        long[][] counts = counts(truth, predicted, truth[0].length);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int k = 0; k < counts[0].length; k++) {
            tp += counts[0][k];
            fp += counts[1][k];
            fn += counts[2][k];
        }
        return Prf.of(tp, fp, fn);
    }

    /** Each class's F1 alone: what {@link #score} gives per class, in column order. */
    public static double[] perClassF1(boolean[][] truth, boolean[][] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty truth and predictions");
        }
        long[][] counts = counts(truth, predicted, truth[0].length);
        double[] f1 = new double[counts[0].length];
        for (int k = 0; k < f1.length; k++) {
            f1[k] = Prf.of(counts[0][k], counts[1][k], counts[2][k]).f1();
        }
        return f1;
    }

    /** Per class, {true positives, false positives, false negatives}: {@code (3, classes)}. */
    private static long[][] counts(boolean[][] truth, boolean[][] predicted, int c) {
        long[] tp = new long[c];
        long[] fp = new long[c];
        long[] fn = new long[c];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].length != c || predicted[i].length != c) {
                throw new IllegalArgumentException("clip " + i + " does not have " + c + " classes");
            }
            for (int k = 0; k < c; k++) {
                boolean t = truth[i][k];
                boolean p = predicted[i][k];
                if (t && p) {
                    tp[k]++;
                } else if (p) {
                    fp[k]++;
                } else if (t) {
                    fn[k]++;
                }
            }
        }
        return new long[][]{tp, fp, fn};
    }

    /**
     * scikit-learn's {@code label_ranking_average_precision_score}: for each clip and each true label, the share
     * of labels ranked at or above it that are true, averaged; a clip with no true label (or all labels true)
     * counts 1.
     *
     * @param truth  {@code (clips, classes)}
     * @param scores {@code (clips, classes)} higher is more confident
     */
    public static double labelRankingAveragePrecision(boolean[][] truth, double[][] scores) {
        if (truth.length != scores.length || truth.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty truth and scores");
        }
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean[] t = truth[i];
            double[] s = scores[i];
            int positives = 0;
            for (boolean b : t) {
                if (b) {
                    positives++;
                }
            }
            if (positives == 0 || positives == t.length) {
                total += 1;
                continue;
            }
            double clip = 0;
            for (int j = 0; j < t.length; j++) {
                if (!t[j]) {
                    continue;
                }
                int rank = 0;
                int truesAbove = 0;
                for (int k = 0; k < t.length; k++) {
                    if (s[k] >= s[j]) {
                        rank++;
                        if (t[k]) {
                            truesAbove++;
                        }
                    }
                }
                clip += truesAbove / (double) rank;
            }
            total += clip / positives;
        }
        return total / truth.length;
    }

    /**
     * Micro-F1 of reporting, for each clip, exactly its k highest-scoring classes, k being the clip's number of true
     * labels: what the scores' ranking alone is worth when the number of instruments is known. It is a reference,
     * not a bound (a rule that reports more labels than play can score higher), but a rule far below it is losing
     * to its threshold, and rules at it are limited by the ranking. As many labels are reported as are true, so
     * precision, recall and F1 coincide. Ties go to the lower class index; clips with no true label report none.
     *
     * @param truth  {@code (clips, classes)}
     * @param scores {@code (clips, classes)} higher is more confident
     * @return the overall micro-F1 and the same per number of true labels, in increasing order
     */
    public static KnownCount knownCount(boolean[][] truth, double[][] scores) {
        if (truth.length != scores.length || truth.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty truth and scores");
        }
        java.util.TreeMap<Integer, long[]> byCount = new java.util.TreeMap<>();
        long hits = 0;
        long labels = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean[] t = truth[i];
            double[] s = scores[i];
            if (t.length != s.length) {
                throw new IllegalArgumentException("clip " + i + " has " + t.length + " labels but " + s.length
                        + " scores");
            }
            int k = 0;
            for (boolean b : t) {
                k += b ? 1 : 0;
            }
            // The j-th class is among the k best when fewer than k classes outrank it (score, then index).
            long clipHits = 0;
            for (int j = 0; j < t.length; j++) {
                if (!t[j]) {
                    continue;
                }
                int above = 0;
                for (int m = 0; m < s.length; m++) {
                    if (s[m] > s[j] || (s[m] == s[j] && m < j)) {
                        above++;
                    }
                }
                if (above < k) {
                    clipHits++;
                }
            }
            long[] g = byCount.computeIfAbsent(k, x -> new long[3]);
            g[0]++;
            g[1] += clipHits;
            g[2] += k;
            hits += clipHits;
            labels += k;
        }
        List<KnownCount.Group> groups = new ArrayList<>();
        byCount.forEach((k, g) ->
                groups.add(new KnownCount.Group(k, (int) g[0], g[2] == 0 ? 0 : g[1] / (double) g[2])));
        return new KnownCount(labels == 0 ? 0 : hits / (double) labels, groups);
    }

    /**
     * See {@link #knownCount}.
     *
     * @param microF1 over all clips
     * @param groups  the clips grouped by their number of true labels
     */
    public record KnownCount(double microF1, List<Group> groups) {

        /**
         * @param labels  number of true labels of these clips
         * @param clips   how many clips have that many
         * @param microF1 the known-count micro-F1 over them (0 for clips without labels)
         */
        public record Group(int labels, int clips, double microF1) {
        }
    }

    /**
     * Which instrument is mistaken for which: {@code [true][predicted]} counts, over clips where the true class
     * is present, of each other class predicted although absent; the diagonal holds the true positives.
     */
    public static long[][] confusion(boolean[][] truth, boolean[][] predicted) {
        int c = truth[0].length;
        long[][] m = new long[c][c];
        for (int i = 0; i < truth.length; i++) {
            for (int t = 0; t < c; t++) {
                if (!truth[i][t]) {
                    continue;
                }
                for (int p = 0; p < c; p++) {
                    if (predicted[i][p] && (p == t || !truth[i][p])) {
                        m[t][p]++;
                    }
                }
            }
        }
        return m;
    }

    /**
     * Precision, recall and F1 bound to one target (a class, micro or macro).
     */
    public record Prf(double precision, double recall, double f1) {

        static Prf of(long tp, long fp, long fn) {
            double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            return new Prf(p, r, f);
        }
    }

    /** One class's scores and its number of true occurrences. */
    public record ClassScores(String code, double precision, double recall, double f1, int support) {
    }

    /** Micro, macro and per-class scores of one rule. */
    public record Scores(Prf micro, Prf macro, List<ClassScores> perClass) {
    }
}
