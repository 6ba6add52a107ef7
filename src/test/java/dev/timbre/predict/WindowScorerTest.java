package dev.timbre.predict;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.model.ComputeDevice;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class WindowScorerTest {

    @Test
    void aWindowAloneScoresAsWithinABatch() throws Exception {
        ModelBundle bundle = ModelBundle.fromResources("/dev/timbre/default-model/");
        int len = 1;
        for (long d : bundle.manifest().features().mapShape()) {
            len *= (int) d;
        }
        Random r = new Random(6);
        float[] batch = new float[3 * len];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) (-40 + 15 * r.nextGaussian());
        }
        try (WindowScorer scorer = new WindowScorer(bundle, 8, ComputeDevice.CPU)) {
            int classes = scorer.classes();
            float[] together = scorer.forward(batch, 3);
            assertThat(together).hasSize(3 * classes);
            for (int w = 0; w < 3; w++) {
                float[] alone = scorer.forward(java.util.Arrays.copyOfRange(batch, w * len, (w + 1) * len), 1);
                assertThat(alone).as("window %d", w).hasSize(classes);
                for (int c = 0; c < classes; c++) {
                    assertThat(alone[c]).as("window %d, class %d", w, c)
                            .isCloseTo(together[w * classes + c], offset(1e-3f * (1 + Math.abs(together[w * classes + c]))));
                }
            }
        }
    }
}
