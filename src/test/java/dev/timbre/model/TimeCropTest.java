package dev.timbre.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeCropTest {

    @Test
    void coatnetOnTheStudyFeaturesSeesTheCentred224FrameCrop() {
        ModelSpec spec = ModelSpec.defaults(Architecture.COATNET, FeatureSettings.study(ChannelMode.MONO));
        assertThat(spec.inputFrames()).isEqualTo(256);
        assertThat(spec.cropFrames()).isEqualTo(224);
        try (Model m = Model.newInstance("coatnet")) {
            Block b = spec.newBlock();
            m.setBlock(b);
            b.initialize(m.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
            assertThat(ModelParameters.countTrainable(b)).isEqualTo(17_028_920L);
        }
    }

    @Test
    void centreInInferenceRandomInTraining() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray x = mgr.arange(0f, 10f).reshape(1, 1, 1, 10);
            TimeCrop crop = new TimeCrop(4, true);
            crop.initialize(mgr, DataType.FLOAT32, new Shape(1, 1, 1, 10));
            NDArray centre = crop.forward(new ParameterStore(mgr, false), new NDList(x), false).singletonOrThrow();
            assertThat(centre.toFloatArray()).containsExactly(3f, 4f, 5f, 6f);
            boolean moved = false;
            for (int i = 0; i < 20; i++) {
                float[] r = crop.forward(new ParameterStore(mgr, false), new NDList(x), true).singletonOrThrow()
                        .toFloatArray();
                assertThat(r).hasSize(4);
                assertThat(r[3] - r[0]).isEqualTo(3f);
                moved |= r[0] != 3f;
            }
            assertThat(moved).isTrue();
        }
    }
}
