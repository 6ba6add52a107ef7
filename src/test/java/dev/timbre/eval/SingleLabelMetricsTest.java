package dev.timbre.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class SingleLabelMetricsTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    @Test
    void handMadePredictionsGiveKnownScores() {
        // Four clips of a (three right), one clip of b (wrong: c wins), nothing of c.
        int[] labels = {0, 0, 0, 0, 1};
        double[][] scores = {
                {0.9, 0.1, 0.0},
                {0.6, 0.5, 0.1},
                {0.7, 0.2, 0.1},
                {0.2, 0.8, 0.1},
                {0.1, 0.3, 0.4}};
        boolean[][] reported = {
                {true, false, false},
                {true, true, false},
                {false, false, false},
                {true, true, false},
                {false, true, true}};
        SingleLabelMetrics.Scores s = SingleLabelMetrics.score(labels, scores, reported, CLASSES);
        assertThat(s.clips()).isEqualTo(5);
        assertThat(s.top1()).isCloseTo(3 / 5.0, offset(1e-12));
        // Mean over the classes that have clips: (3/4 + 0/1) / 2.
        assertThat(s.balancedTop1()).isCloseTo(0.375, offset(1e-12));
        assertThat(s.hitRate()).isCloseTo(4 / 5.0, offset(1e-12));
        assertThat(s.perClass()).extracting(SingleLabelMetrics.ClassRow::code).containsExactly("a", "b");
        assertThat(s.perClass().get(0).top1()).isCloseTo(0.75, offset(1e-12));
        assertThat(s.perClass().get(0).hitRate()).isCloseTo(0.75, offset(1e-12));
        assertThat(s.perClass().get(1).hitRate()).isCloseTo(1.0, offset(1e-12));
        assertThat(s.confusion()).isDeepEqualTo(new long[][]{{3, 1, 0}, {0, 0, 1}, {0, 0, 0}});
    }

    @Test
    void tiesGoToTheLowerClass() {
        SingleLabelMetrics.Scores s = SingleLabelMetrics.score(new int[]{1}, new double[][]{{0.5, 0.5, 0.1}},
                new boolean[][]{{false, false, false}}, CLASSES);
        assertThat(s.top1()).isZero();
        assertThat(s.confusion()[1][0]).isEqualTo(1);
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> SingleLabelMetrics.score(new int[0], new double[0][], new boolean[0][], CLASSES))
                .hasMessageContaining("no clips");
        assertThatThrownBy(() -> SingleLabelMetrics.score(new int[]{3}, new double[][]{{1, 0, 0}},
                new boolean[][]{{true, false, false}}, CLASSES)).hasMessageContaining("label 3");
        assertThatThrownBy(() -> SingleLabelMetrics.score(new int[]{0}, new double[][]{{1, 0}},
                new boolean[][]{{true, false, false}}, CLASSES)).hasMessageContaining("3 classes");
    }
}
