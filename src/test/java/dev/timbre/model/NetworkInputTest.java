package dev.timbre.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkInputTest {

    private static float[] features(int length) {
        Random r = new Random(7);
        float[] x = new float[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void aChannelsLastBatchHoldsTheSameValuesAtTheSamePlaces() {
        for (int maps : new int[]{1, 2, 3}) {
            Shape example = new Shape(maps, 5, 7);
            float[] x = features(4 * maps * 5 * 7);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray plain = m.create(FloatBuffer.wrap(x), new Shape(4, maps, 5, 7));
                NDArray last = NetworkInput.channelsLast(m, x, 4, example);
                assertThat(last.getShape()).isEqualTo(new Shape(4, maps, 5, 7));
                assertThat(last.toFloatArray()).as("%d maps", maps).containsExactly(plain.toFloatArray());
                assertThat(last.get(3, maps - 1, 4, 6).getFloat()).isEqualTo(x[x.length - 1]);
            }
        }
    }

    @Test
    void aCopyHoldsTheValuesAndOutlivesChangesToTheArray() {
        float[] x = features(6 * 11);
        float[] expected = x.clone();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray copy = NetworkInput.copyOf(m, x, new Shape(6, 11));
            java.util.Arrays.fill(x, 0f);
            assertThat(copy.getShape()).isEqualTo(new Shape(6, 11));
            assertThat(copy.toFloatArray()).containsExactly(expected);
            assertThat(copy.mul(2).toFloatArray()[65]).isEqualTo(2 * expected[65]);
        }
    }

    @Test
    void aCopyOfTheWrongLengthIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkInput.copyOf(m, new float[10], new Shape(3, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("10 values for shape (3, 4)");
        }
    }

    @Test
    void networksGiveTheSameLogitsForEitherLayout() {
        for (int maps : new int[]{1, 2}) {
            Shape batch = new Shape(3, maps, 64, 64);
            float[] x = features((int) batch.size());
            try (Model model = Model.newInstance("layout")) {
                Block net = PooledCnn.builder().setBaseChannels(8).setNumClasses(11).build();
                model.setBlock(net);
                Engine.getInstance().setRandomSeed(3);
                net.initialize(model.getNDManager(), DataType.FLOAT32, batch);
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    ParameterStore ps = new ParameterStore(scope, false);
                    float[] plain = net.forward(ps, new NDList(scope.create(FloatBuffer.wrap(x), batch)), false)
                            .singletonOrThrow().toFloatArray();
                    float[] last = net.forward(ps, new NDList(NetworkInput.channelsLast(scope, x, 3,
                            new Shape(maps, 64, 64))), false).singletonOrThrow().toFloatArray();
                    assertThat(last).hasSameSizeAs(plain);
                    for (int i = 0; i < plain.length; i++) {
                        assertThat(last[i]).as("%d maps, logit %d", maps, i)
                                .isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(plain[i]))));
                    }
                }
            }
        }
    }
}
