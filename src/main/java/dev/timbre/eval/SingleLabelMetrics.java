package dev.timbre.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores for clips that hold one labelled instrument each (a folder of cello recordings, an IRMAS training clip):
 * whether the best-scoring class is the label (top-1), whether the label is among the instruments a rule reported
 * (hit rate), top-1 averaged over classes so that a class with many clips does not dominate (balanced top-1), the
 * same per class, and which class wins instead (confusion).
 */
public final class SingleLabelMetrics {

    private SingleLabelMetrics() {
    }

    /**
     * @param labels   {@code (clips)} the class index of each clip
     * @param scores   {@code (clips, classes)} higher is more confident; the top class is the arg-max, ties going to
     *                 the lower index
     * @param reported {@code (clips, classes)} the instruments a rule reported
     * @param classes  class codes, in column order
     */
    public static Scores score(int[] labels, double[][] scores, boolean[][] reported, List<String> classes) {
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("no clips to score");
        }
        if (scores.length != n || reported.length != n) {
            throw new IllegalArgumentException("need one score row and one reported row per clip (" + n + " clips, "
                    + scores.length + " score rows, " + reported.length + " reported rows)");
        }
        int c = classes.size();
        long[][] confusion = new long[c][c];
        long[] clips = new long[c];
        long[] top = new long[c];
        long[] hits = new long[c];
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label < 0 || label >= c) {
                throw new IllegalArgumentException("clip " + i + " has label " + label + ", outside 0.." + (c - 1));
            }
            if (scores[i].length != c || reported[i].length != c) {
                throw new IllegalArgumentException("clip " + i + " does not have " + c + " classes");
            }
            int best = argMax(scores[i]);
            confusion[label][best]++;
            clips[label]++;
            top[label] += best == label ? 1 : 0;
            hits[label] += reported[i][label] ? 1 : 0;
        }
        List<ClassRow> perClass = new ArrayList<>();
        double balanced = 0;
        int present = 0;
        long allTop = 0;
        long allHits = 0;
        for (int k = 0; k < c; k++) {
            allTop += top[k];
            allHits += hits[k];
            if (clips[k] == 0) {
                continue;
            }
            double t = top[k] / (double) clips[k];
            perClass.add(new ClassRow(classes.get(k), (int) clips[k], t, hits[k] / (double) clips[k]));
            balanced += t;
            present++;
        }
        return new Scores(n, allTop / (double) n, allHits / (double) n, balanced / present, perClass,
                classes, confusion);
    }

    /** The index of the largest value; ties go to the lower index. */
    public static int argMax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * @param clips        clips scored
     * @param top1         share of clips whose top class is the label
     * @param hitRate      share of clips whose label is among the reported instruments
     * @param balancedTop1 top-1 averaged over the classes that have clips
     * @param perClass     one row per class that has clips, in class order
     * @param classes      the class codes that index {@code confusion}
     * @param confusion    {@code [label][top class]} clip counts
     */
    public record Scores(int clips, double top1, double hitRate, double balancedTop1, List<ClassRow> perClass,
                         List<String> classes, long[][] confusion) {
    }

    /**
     * @param code    the class
     * @param clips   clips labelled with it
     * @param top1    share of them whose top class is the label
     * @param hitRate share of them whose label was reported
     */
    public record ClassRow(String code, int clips, double top1, double hitRate) {
    }
}
