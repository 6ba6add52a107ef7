package dev.timbre.eval;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What each scored clip came to, kept per clip so that a set's figures can be resampled: how far a figure of a
 * hundred clips would move with another hundred of the same kind (a percentile bootstrap), and whether one model's
 * lead over another on the same clips is more than that (a paired bootstrap: both models scored on the same
 * resamples). Resampling is deterministic for a seed.
 *
 * <p>Balanced top-1 is resampled within each class (stratified), so every class keeps the number of clips it has;
 * a class of one clip is then all or nothing in every resample, and its uncertainty is not in the interval. Micro-F1
 * is resampled over all clips.
 *
 * @param files    clip names, in scoring order
 * @param truth    {@code (clips, classes)} true labels
 * @param reported {@code (clips, classes)} the instruments the rule reported
 * @param label    per clip its one label, or -1 when it has none or several
 * @param top      per clip its top class (highest mean window sigmoid)
 */
public record ClipOutcomes(List<String> files, boolean[][] truth, boolean[][] reported, int[] label, int[] top) {

    /** Two-sided coverage of the intervals. */
    public static final double LEVEL = 0.95;

    /** Resamples behind an interval unless asked otherwise: enough for the 2.5% tails to settle. */
    public static final int DEFAULT_RESAMPLES = 2000;

    public ClipOutcomes {
        int n = files.size();
        if (truth.length != n || reported.length != n || label.length != n || top.length != n) {
            throw new IllegalArgumentException("need one truth row, reported row, label and top class per clip");
        }
        files = List.copyOf(files);
    }

    /**
     * A {@link #LEVEL} interval.
     *
     * @param low  its lower end
     * @param high its upper end
     */
    public record Interval(double low, double high) {
    }

    /** Balanced top-1 over the clips with one instrument (NaN when none has one). */
    public double balancedTop1() {
        return balancedTop1(singleLabelClips());
    }

    /** Micro-F1 of the reported instruments over all clips. */
    public double microF1() {
        return microF1(allClips());
    }

    /** Balanced top-1's interval, resampled within each class. */
    public Interval balancedTop1Interval(int resamples, long seed) {
        return interval(resamples, seed, byClass(), this::balancedTop1);
    }

    /** Micro-F1's interval, resampled over all clips. */
    public Interval microF1Interval(int resamples, long seed) {
        return interval(resamples, seed, new int[][]{allClips()}, this::microF1);
    }

    /**
     * The interval of this balanced top-1 minus {@code other}'s, both scored on the same resamples of the same
     * clips.
     */
    public Interval balancedTop1Lead(ClipOutcomes other, int resamples, long seed) {
        requireSameClips(other);
        return interval(resamples, seed, byClass(), s -> balancedTop1(s) - other.balancedTop1(s));
    }

    /** The interval of this micro-F1 minus {@code other}'s, both scored on the same resamples of the same clips. */
    public Interval microF1Lead(ClipOutcomes other, int resamples, long seed) {
        requireSameClips(other);
        return interval(resamples, seed, new int[][]{allClips()}, s -> microF1(s) - other.microF1(s));
    }

    private void requireSameClips(ClipOutcomes other) {
        if (!files.equals(other.files) || !Arrays.deepEquals(truth, other.truth)) {
            throw new IllegalArgumentException("the two models were not scored on the same clips (a clip one of "
                    + "them could not score?)");
        }
    }

    private int[] allClips() {
        return IntStream.range(0, files.size()).toArray();
    }

    private int[] singleLabelClips() {
        return IntStream.range(0, label.length).filter(i -> label[i] >= 0).toArray();
    }

    /** The clips with one instrument, grouped by it (classes in index order, empty ones left out). */
    private int[][] byClass() {
        int classes = truth.length == 0 ? 0 : truth[0].length;
        return IntStream.range(0, classes)
                .mapToObj(c -> IntStream.range(0, label.length).filter(i -> label[i] == c).toArray())
                .filter(g -> g.length > 0).toArray(int[][]::new);
    }

    private double balancedTop1(int[] sample) {
        int classes = truth.length == 0 ? 0 : truth[0].length;
        long[] clips = new long[classes];
        long[] right = new long[classes];
        for (int i : sample) {
            if (label[i] >= 0) {
                clips[label[i]]++;
                right[label[i]] += top[i] == label[i] ? 1 : 0;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (clips[c] > 0) {
                sum += right[c] / (double) clips[c];
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** Micro-F1 of the drawn clips, counted as {@link MultiLabelMetrics#micro} counts it. */
    private double microF1(int[] sample) {
        boolean[][] t = new boolean[sample.length][];
        boolean[][] p = new boolean[sample.length][];
        for (int k = 0; k < sample.length; k++) {
            t[k] = truth[sample[k]];
            p[k] = reported[sample[k]];
        }
        return MultiLabelMetrics.micro(t, p).f1();
    }

    private interface Statistic {
        double of(int[] sample);
    }

    /**
     * Percentile interval of {@code statistic} over {@code resamples} resamples, each drawing as many clips as each
     * stratum holds, with replacement, from that stratum.
     */
    private static Interval interval(int resamples, long seed, int[][] strata, Statistic statistic) {
        if (resamples < 2) {
            throw new IllegalArgumentException("an interval needs at least 2 resamples, got " + resamples);
        }
        int n = 0;
        for (int[] s : strata) {
            n += s.length;
        }
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int[] sample = new int[n];
        for (int r = 0; r < resamples; r++) {
            int k = 0;
            for (int[] s : strata) {
                for (int j = 0; j < s.length; j++) {
                    sample[k++] = s[rng.nextInt(s.length)];
                }
            }
            values[r] = statistic.of(sample);
        }
        Arrays.sort(values);
        double tail = (1 - LEVEL) / 2;
        return new Interval(quantile(values, tail), quantile(values, 1 - tail));
    }

    /** The {@code p} quantile of sorted values, interpolated between the two nearest (numpy's default). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
