package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;

class ModelParametersTest {

    @Test
    void countsWeightsAndBiasesButNotRunningStatistics() {
        // Linear 5 -> 3: 15 + 3; batch norm over 3 features: gamma + beta = 6, running mean/var excluded
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build());
        assertThat(ModelTesting.trainableParameters(block, new Shape(2, 5))).isEqualTo(24L);
        assertThat(block.getParameters().size()).isEqualTo(6);
    }

    @Test
    void refusesAnUninitialisedBlock() {
        Block block = SimpleCnn.builder().setBaseChannels(16).setNumClasses(11).build();
        assertThatThrownBy(() -> ModelParameters.countTrainable(block))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not initialised");
    }
}
