package dev.timbre.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ThresholdSweepTest {

    static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    @Test
    void findsTheThresholdThatSeparatesPresentFromAbsent() {
        // Present classes score 0.3–0.35, absent ones 0.1–0.18: any threshold in [0.18, 0.3) is perfect.
        List<float[][]> logits = List.of(
                new float[][]{{logit(0.35), logit(0.1), logit(0.18)}},
                new float[][]{{logit(0.15), logit(0.3), logit(0.32)}},
                new float[][]{{logit(0.18), logit(0.12), logit(0.31)}});
        boolean[][] truth = {{true, false, false}, {false, true, true}, {false, false, true}};
        ThresholdSweep.Result r = ThresholdSweep.sweep(new MeanSigmoid(0.5, MeanSigmoid.Reduction.MEAN),
                ThresholdSweep.grid(0.05, 0.5, 0.05), logits, truth);
        assertThat(r.best().f1()).isEqualTo(1.0);
        assertThat(r.best().threshold()).isCloseTo(0.2, offset(1e-9)); // the first grid point above 0.18
        assertThat(r.rule().threshold()).isEqualTo(r.best().threshold());
        assertThat(r.points()).hasSize(10);
        ThresholdSweep.Point low = r.points().get(0);
        assertThat(low.recall()).isEqualTo(1.0);
        assertThat(low.precision()).isCloseTo(4 / 9.0, offset(1e-12));
    }

    @Test
    void gridAndErrors() {
        assertThat(ThresholdSweep.grid(0.02, 0.1, 0.02)).containsExactly(0.02, 0.04, 0.06, 0.08, 0.1);
        assertThatThrownBy(() -> ThresholdSweep.sweep(new NormalizedSum(0.4), new double[]{0.1}, List.of(),
                new boolean[0][])).hasMessageContaining("non-empty");
    }
}
