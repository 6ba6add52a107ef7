package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.timbre.feature.FeatureSettings;
import org.junit.jupiter.api.Test;

class Han2016Test {

    private static Block han() {
        return Han2016.builder().setNumClasses(11).build();
    }

    @Test
    void trainableParametersMatchThePaperArchitecture() {
        assertThat(ModelTesting.trainableParameters(han(), new Shape(1, 1, 128, 43))).isEqualTo(1_446_123L);
    }

    @Test
    void featureSettingsGiveOneByHundredTwentyEightByFortyThree() {
        FeatureSettings han = Han2016.featureSettings();
        assertThat(han.stftFrames()).isEqualTo(44);
        assertThat(han.mapShape()).containsExactly(1, 128, 43);
        assertThat(han.bins()).isEqualTo(513);
    }

    @Test
    void forwardGivesOneLogitPerClass() {
        assertThat(ModelTesting.forwardShape(han(), new Shape(4, 1, 128, 43))).isEqualTo(new Shape(4, 11));
    }

    @Test
    void trainingStepMovesTheWeights() {
        assertThat(ModelTesting.trainingStepChange(han(), new Shape(4, 1, 128, 43), 11)).isPositive();
    }

    @Test
    void decibelInputIsMappedToUnitRangeBeforeTheFirstConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = Han2016.decibelsToUnitRange(m.create(new float[]{-80f, -40f, 0f})).toFloatArray();
            assertThat(out).containsExactly(-1f, 0f, 1f);
        }
    }
}
