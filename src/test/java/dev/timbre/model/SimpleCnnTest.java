package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class SimpleCnnTest {

    private static Block cnn(int n) {
        return SimpleCnn.builder().setBaseChannels(n).setNumClasses(11).build();
    }

    @Test
    void trainableParametersMatchThePyTorchOriginal() {
        assertThat(ModelTesting.trainableParameters(cnn(32), new Shape(1, 1, 224, 256))).isEqualTo(5_436_139L);
        assertThat(ModelTesting.trainableParameters(cnn(16), new Shape(1, 1, 224, 256))).isEqualTo(2_621_835L);
        assertThat(ModelTesting.trainableParameters(cnn(32), new Shape(1, 2, 224, 256))).isEqualTo(5_436_427L);
    }

    @Test
    void leakyReluAddsNoParameters() {
        Block leaky = SimpleCnn.builder().setBaseChannels(16).setNumClasses(11)
                .optNonlinearity(Nonlinearity.LEAKY_RELU, 0.3f).build();
        assertThat(ModelTesting.trainableParameters(leaky, new Shape(1, 1, 224, 256))).isEqualTo(2_621_835L);
    }

    @Test
    void forwardGivesOneLogitPerClass() {
        assertThat(ModelTesting.forwardShape(cnn(16), new Shape(3, 1, 224, 256))).isEqualTo(new Shape(3, 11));
        assertThat(ModelTesting.forwardShape(cnn(16), new Shape(2, 2, 224, 256))).isEqualTo(new Shape(2, 11));
    }

    @Test
    void trainingStepMovesTheWeights() {
        Block leaky = SimpleCnn.builder().setBaseChannels(16).setNumClasses(11)
                .optNonlinearity(Nonlinearity.LEAKY_RELU, 0.3f).optDropout(0.2f).build();
        assertThat(ModelTesting.trainingStepChange(leaky, new Shape(2, 1, 224, 256), 11)).isPositive();
    }

    @Test
    void builderRejectsMissingSettings() {
        assertThatThrownBy(() -> SimpleCnn.builder().setNumClasses(11).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseChannels");
        assertThatThrownBy(() -> SimpleCnn.builder().setBaseChannels(16).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numClasses");
    }
}
