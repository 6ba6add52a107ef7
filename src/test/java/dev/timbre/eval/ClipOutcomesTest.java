package dev.timbre.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ClipOutcomesTest {

    /** Clips of one instrument each: {@code labels[i]} the truth, {@code tops[i]} the top class; 2 classes. */
    private static ClipOutcomes single(int[] labels, int[] tops) {
        int n = labels.length;
        boolean[][] truth = new boolean[n][2];
        boolean[][] reported = new boolean[n][2];
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            truth[i][labels[i]] = true;
            reported[i][tops[i]] = true;
            files.add("clip" + i);
        }
        return new ClipOutcomes(files, truth, reported, labels.clone(), tops.clone());
    }

    /** Ten clips of class 0 of which {@code right} are right, ten of class 1 all right. */
    private static ClipOutcomes halfOfOneClass(int right) {
        int[] labels = IntStream.range(0, 20).map(i -> i < 10 ? 0 : 1).toArray();
        int[] tops = IntStream.range(0, 20).map(i -> i < 10 ? (i < right ? 0 : 1) : 1).toArray();
        return single(labels, tops);
    }

    @Test
    void balancedTop1IsResampledWithinEachClassAroundTheMeasuredFigure() {
        ClipOutcomes o = halfOfOneClass(5);
        assertThat(o.balancedTop1()).isEqualTo(0.75);
        ClipOutcomes.Interval ci = o.balancedTop1Interval(4000, 7);
        // Class 0's mean has a standard error of sqrt(0.25 / 10) = 0.158, halved in the mean over two classes:
        // about ±0.155 at 95%, in steps of 0.05.
        assertThat(ci.low()).isBetween(0.55, 0.65);
        assertThat(ci.high()).isBetween(0.85, 0.95);
        assertThat(o.balancedTop1Interval(4000, 7)).isEqualTo(ci);
    }

    @Test
    void aClassOfOneClipIsAllOrNothingInEveryResample() {
        // One wrong clip of class 0 and ten right clips of class 1: balanced top-1 is 0.5 whatever is drawn, since
        // each class keeps its number of clips.
        int[] labels = IntStream.range(0, 11).map(i -> i == 0 ? 0 : 1).toArray();
        int[] tops = new int[11];
        java.util.Arrays.fill(tops, 1);
        ClipOutcomes o = single(labels, tops);
        assertThat(o.balancedTop1Interval(500, 1)).isEqualTo(new ClipOutcomes.Interval(0.5, 0.5));
    }

    @Test
    void microF1IntervalBracketsTheFigureAndIsAPointWhenEveryClipIsRight() {
        ClipOutcomes perfect = halfOfOneClass(10);
        assertThat(perfect.microF1()).isEqualTo(1.0);
        assertThat(perfect.microF1Interval(500, 1)).isEqualTo(new ClipOutcomes.Interval(1, 1));

        ClipOutcomes o = halfOfOneClass(5);
        // 15 of 20 single-class decisions right: TP 15, FP 5, FN 5.
        assertThat(o.microF1()).isCloseTo(0.75, offset(1e-12));
        ClipOutcomes.Interval ci = o.microF1Interval(2000, 3);
        assertThat(ci.low()).isLessThan(0.75).isGreaterThan(0.5);
        assertThat(ci.high()).isGreaterThan(0.75).isLessThan(0.95);
    }

    @Test
    void theLeadOfOneModelOverAnotherIsPairedClipByClip() {
        ClipOutcomes better = halfOfOneClass(9);
        ClipOutcomes worse = halfOfOneClass(3);
        assertThat(better.balancedTop1Lead(better, 500, 1)).isEqualTo(new ClipOutcomes.Interval(0, 0));
        ClipOutcomes.Interval lead = better.balancedTop1Lead(worse, 2000, 1);
        assertThat(better.balancedTop1() - worse.balancedTop1()).isCloseTo(0.3, offset(1e-12));
        assertThat(lead.low()).isGreaterThan(0).isLessThan(0.3);
        assertThat(lead.high()).isGreaterThan(0.3).isLessThanOrEqualTo(0.5);
        assertThat(better.microF1Lead(worse, 2000, 1).low()).isGreaterThan(0);

        ClipOutcomes elsewhere = single(new int[]{0, 1}, new int[]{0, 1});
        assertThatThrownBy(() -> better.balancedTop1Lead(elsewhere, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same clips");
    }

    @Test
    void outcomesOfLogitsAgreeWithTheReport() {
        // Three clips of one instrument and a mix of two, scored by mean sigmoid at 0.5.
        List<float[][]> logits = List.of(
                new float[][]{{3, -3}, {2, -2}},
                new float[][]{{-1, 1}},
                new float[][]{{-2, 2}, {-1, 0.5f}},
                new float[][]{{1, 1}});
        boolean[][] truth = {{true, false}, {true, false}, {false, true}, {true, true}};
        ClipLogits cl = new ClipLogits(List.of("a", "b", "c", "d"), truth, logits);
        DecisionRule rule = new MeanSigmoid(0.5, MeanSigmoid.Reduction.MEAN);
        ClipOutcomes o = ClipEvaluation.outcomes(cl, rule);
        assertThat(o.label()).containsExactly(0, 0, 1, -1);
        assertThat(o.top()[0]).isEqualTo(0);
        assertThat(o.top()[1]).isEqualTo(1);
        EvaluationReport report = ClipEvaluation.report(new ClipEvaluation.Context("m", "b", "d", "w",
                List.of("x", "y")), cl, List.of(rule), List.of());
        assertThat(o.balancedTop1()).isEqualTo(report.singleLabel().scores().balancedTop1()).isEqualTo(0.75);
        assertThat(o.microF1()).isCloseTo(report.rules().get("s1").micro().f1(), offset(1e-12));
    }

    @Test
    void quantilesInterpolateBetweenTheNearestValuesAsNumpyDoes() {
        double[] sorted = {0, 1, 2, 3};
        assertThat(ClipOutcomes.quantile(sorted, 0.5)).isEqualTo(1.5);
        assertThat(ClipOutcomes.quantile(sorted, 0.025)).isCloseTo(0.075, offset(1e-12));
        assertThat(ClipOutcomes.quantile(sorted, 1)).isEqualTo(3);
    }
}
