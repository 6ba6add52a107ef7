package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

class RelativeSelfAttentionTest {

    @Test
    void withZeroQueriesAttentionFollowsTheRelativeBiasOfEachQueryKeyOffset() {
        int height = 2;
        int width = 3;
        int tokens = height * width;
        int channels = 2;
        RelativeSelfAttention attention = new RelativeSelfAttention(height, width, 1, channels, channels, 0f);
        try (NDManager manager = NDManager.newBaseManager()) {
            attention.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            attention.initialize(manager, DataType.FLOAT32, new Shape(1, tokens, channels));
            // q = k = 0 and v = x, so the logits are the bias alone; the output projection is the identity
            float[] qkv = new float[3 * channels * channels];
            qkv[4 * channels] = 1f; // row 4 (v[0]) <- x[0]
            qkv[5 * channels + 1] = 1f; // row 5 (v[1]) <- x[1]
            set(attention, "toQkv_weight", manager.create(qkv, new Shape(3L * channels, channels)));
            set(attention, "toOut_weight", manager.eye(channels));
            set(attention, "toOut_bias", manager.zeros(new Shape(channels)));
            int rows = (2 * height - 1) * (2 * width - 1);
            float[] table = new float[rows];
            for (int r = 0; r < rows; r++) {
                table[r] = 0.3f * r - 0.05f * r * r; // distinct, non-monotonic
            }
            set(attention, "relativeBiasTable", manager.create(table, new Shape(rows, 1)));

            float[] x = manager.randomNormal(new Shape(tokens, channels)).toFloatArray();
            NDArray input = manager.create(x, new Shape(1, tokens, channels));
            float[] out = attention.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();

            for (int i = 0; i < tokens; i++) {
                double[] weights = new double[tokens];
                double total = 0;
                for (int j = 0; j < tokens; j++) {
                    int dy = i / width - j / width + height - 1;
                    int dx = i % width - j % width + width - 1;
                    weights[j] = Math.exp(table[dy * (2 * width - 1) + dx]);
                    total += weights[j];
                }
                for (int c = 0; c < channels; c++) {
                    double expected = 0;
                    for (int j = 0; j < tokens; j++) {
                        expected += weights[j] / total * x[j * channels + c];
                    }
                    assertThat(out[i * channels + c]).as("token %d channel %d", i, c)
                            .isCloseTo((float) expected, within(1e-5f));
                }
            }
        }
    }

    private static void set(RelativeSelfAttention block, String name, NDArray value) {
        // children are registered with a numbered prefix, e.g. "01toQkv_weight"
        Parameter parameter = block.getParameters().stream()
                .filter(p -> p.getKey().endsWith(name))
                .map(p -> p.getValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " in " + block.getParameters().keys()));
        parameter.getArray().set(value.toFloatArray());
    }
}
