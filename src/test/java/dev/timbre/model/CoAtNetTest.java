package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoAtNetTest {

    private static Block coatnet(CoAtNetSize size, int height, int width) {
        return CoAtNet.builder().setNumClasses(11).setInputSize(height, width).optSize(size).build();
    }

    @Test
    void coatNet0MatchesTheReferenceImplementation() {
        Block block = coatnet(CoAtNetSize.COATNET_0, 224, 224);
        assertThat(ModelTesting.trainableParameters(block, new Shape(1, 1, 224, 224))).isEqualTo(17_028_920L);
    }

    @Test
    void nanoHasTheDocumentedSize() {
        // the same per-block arithmetic as the reference, checked independently for CoAtNet-0 above
        Block block = coatnet(CoAtNetSize.NANO, 224, 224);
        assertThat(ModelTesting.trainableParameters(block, new Shape(1, 1, 224, 224))).isEqualTo(1_479_308L);
    }

    @Test
    void relativeIndexPointsAtTheOffsetRow() {
        // 2 x 3 map: table of (2*2-1) x (2*3-1) = 3 x 5 offsets; offset (0, 0) is row 1 * 5 + 2 = 7
        long[] index = RelativeSelfAttention.relativeIndex(2, 3);
        assertThat(index).hasSize(36);
        for (int i = 0; i < 6; i++) {
            assertThat(index[i * 6 + i]).isEqualTo(7);
        }
        // query (0, 0), key (1, 2): offset (-1, -2) -> row 0 * 5 + 0
        assertThat(index[0 * 6 + 5]).isZero();
        // query (1, 2), key (0, 0): offset (1, 2) -> row 2 * 5 + 4 = 14, the last
        assertThat(index[5 * 6 + 0]).isEqualTo(14);
    }

    @Test
    void tokenLayoutRoundTrips() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray maps = manager.arange(24f).reshape(1, 2, 3, 4); // (B, C, H, W)
            NDArray tokens = CoAtNet.mapToTokens(maps);
            assertThat(tokens.getShape()).isEqualTo(new Shape(1, 12, 2));
            // token (1, 2) = row-major 6 holds channel values maps[0, :, 1, 2] = 6, 18
            assertThat(tokens.get("0, 6, :").toFloatArray()).containsExactly(6f, 18f);
            assertThat(CoAtNet.tokensToMap(tokens, 3, 4).contentEquals(maps)).isTrue();
        }
    }

    @Test
    void nanoForwardAndTrainingStepOnStereo() {
        assertThat(ModelTesting.forwardShape(coatnet(CoAtNetSize.NANO, 224, 224), new Shape(2, 2, 224, 224)))
                .isEqualTo(new Shape(2, 11));
        Map<String, Double> changes = ModelTesting.trainingStepChanges(coatnet(CoAtNetSize.NANO, 224, 256),
                new Shape(2, 1, 224, 256), 11);
        assertThat(changes.values().stream().mapToDouble(Double::doubleValue).sum()).isPositive();
        // the relative position tables start at zero: they move only if the gather passes gradients back
        assertThat(changes.entrySet().stream().filter(e -> e.getKey().endsWith("relativeBiasTable")))
                .hasSize(3) // NANO: two Transformer blocks in s3, one in s4
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isPositive());
    }

    @Test
    void coatNet0ForwardOnSpectrogramSizedInput() {
        assertThat(ModelTesting.forwardShape(coatnet(CoAtNetSize.COATNET_0, 224, 256), new Shape(1, 1, 224, 256)))
                .isEqualTo(new Shape(1, 11));
    }

    @Test
    void geluIsTheExactErfFormLikeTheReference() {
        // PyTorch's nn.GELU() default: x * Phi(x); Phi(1) = 0.8413447, the tanh approximation gives 0.8411920
        try (NDManager manager = NDManager.newBaseManager()) {
            float gelu = Activation.gelu(manager.create(1f)).getFloat();
            assertThat(gelu).isCloseTo(0.8413447f, within(1e-6f));
        }
    }

    @Test
    void rejectsSizesThatAreNotMultiplesOf32() {
        assertThatThrownBy(() -> coatnet(CoAtNetSize.NANO, 224, 250))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 32");
    }
}
