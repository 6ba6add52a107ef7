package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class CrnnTest {

    private static Block crnn(int n) {
        return Crnn.builder().setBaseChannels(n).setNumClasses(11).build();
    }

    @Test
    void trainableParametersMatchThePyTorchOriginal() {
        assertThat(ModelTesting.trainableParameters(crnn(32), new Shape(1, 1, 224, 256))).isEqualTo(3_756_267L);
        assertThat(ModelTesting.trainableParameters(crnn(16), new Shape(1, 1, 224, 256))).isEqualTo(946_315L);
        assertThat(ModelTesting.trainableParameters(crnn(32), new Shape(1, 2, 224, 256))).isEqualTo(3_756_555L);
    }

    @Test
    void rowsBecomeTimeStepsWithChannelsMajorFeatures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // (B=1, C=2, L=3, F=2) holding 0..11
            NDArray maps = manager.arange(12f).reshape(1, 2, 3, 2);
            NDArray sequence = Crnn.mapRowsToSequence(maps);
            assertThat(sequence.getShape()).isEqualTo(new Shape(1, 3, 4));
            // step l = 1: channel 0 row 1 (2, 3) then channel 1 row 1 (8, 9)
            assertThat(sequence.get("0, 1, :").toFloatArray()).containsExactly(2f, 3f, 8f, 9f);
        }
    }

    @Test
    void forwardGivesOneLogitPerClass() {
        assertThat(ModelTesting.forwardShape(crnn(16), new Shape(3, 1, 224, 256))).isEqualTo(new Shape(3, 11));
        assertThat(ModelTesting.forwardShape(crnn(16), new Shape(2, 2, 224, 256))).isEqualTo(new Shape(2, 11));
    }

    @Test
    void trainingStepMovesTheWeights() {
        Block leaky = Crnn.builder().setBaseChannels(16).setNumClasses(11)
                .optNonlinearity(Nonlinearity.LEAKY_RELU, 0.3f).build();
        assertThat(ModelTesting.trainingStepChange(leaky, new Shape(2, 1, 224, 256), 11)).isPositive();
    }
}
