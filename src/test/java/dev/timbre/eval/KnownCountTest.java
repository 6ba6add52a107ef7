package dev.timbre.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The known-count reference: each clip's k best classes, k its number of true labels. */
class KnownCountTest {

    @Test
    void countsHitsAmongTheKBestOfEachClip() {
        boolean[][] truth = {{true, false, true}, {false, true, false}};
        double[][] scores = {{0.9, 0.8, 0.1}, {0.2, 0.7, 0.6}};
        MultiLabelMetrics.KnownCount kc = MultiLabelMetrics.knownCount(truth, scores);
        // Clip 1 reports a and b (one of its two labels), clip 2 reports b (its label): 2 hits of 3 labels.
        assertThat(kc.microF1()).isCloseTo(2 / 3.0, offset(1e-12));
        assertThat(kc.groups()).containsExactly(new MultiLabelMetrics.KnownCount.Group(1, 1, 1.0),
                new MultiLabelMetrics.KnownCount.Group(2, 1, 0.5));
    }

    @Test
    void tiesGoToTheLowerClassAndUnlabelledClipsReportNothing() {
        boolean[][] truth = {{false, true, false}, {false, false, false}};
        double[][] scores = {{0.5, 0.5, 0.1}, {0.9, 0.1, 0.1}};
        MultiLabelMetrics.KnownCount kc = MultiLabelMetrics.knownCount(truth, scores);
        assertThat(kc.microF1()).isZero();
        assertThat(kc.groups()).containsExactly(new MultiLabelMetrics.KnownCount.Group(0, 1, 0.0),
                new MultiLabelMetrics.KnownCount.Group(1, 1, 0.0));
    }

    @Test
    void equalsTheMicroF1OfTheTopKPredictionsScoredAsARule() {
        Random rng = new Random(7);
        int clips = 200;
        int classes = 11;
        boolean[][] truth = new boolean[clips][classes];
        double[][] scores = new double[clips][classes];
        boolean[][] predicted = new boolean[clips][classes];
        for (int i = 0; i < clips; i++) {
            int k = rng.nextInt(5);
            for (int c = 0; c < k; c++) {
                truth[i][rng.nextInt(classes)] = true;
            }
            for (int c = 0; c < classes; c++) {
                // Coarse scores, so that ties occur.
                scores[i][c] = rng.nextInt(6) / 5.0;
            }
            int labels = 0;
            for (boolean b : truth[i]) {
                labels += b ? 1 : 0;
            }
            double[] s = scores[i];
            int[] order = IntStream.range(0, classes).boxed()
                    .sorted((x, y) -> s[x] != s[y] ? Double.compare(s[y], s[x]) : Integer.compare(x, y))
                    .mapToInt(Integer::intValue).toArray();
            for (int j = 0; j < labels; j++) {
                predicted[i][order[j]] = true;
            }
        }
        List<String> names = IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
        double expected = MultiLabelMetrics.score(truth, predicted, names).micro().f1();
        assertThat(MultiLabelMetrics.knownCount(truth, scores).microF1()).isCloseTo(expected, offset(1e-12));
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> MultiLabelMetrics.knownCount(new boolean[0][], new double[0][]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiLabelMetrics.knownCount(new boolean[][]{{true, false}},
                new double[][]{{0.1, 0.2, 0.3}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip 0");
    }
}
