package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PooledCnnTest {

    private static Block net(int n) {
        return PooledCnn.builder().setBaseChannels(n).setNumClasses(11).build();
    }

    @Test
    void parametersAreModelOnesConvolutionsAndASmallHead() {
        // Convolutions with batch norm: 192 + 4,704 + 18,624 + 74,112 = 97,632 (as Model 1's);
        // head on 128 x 128 maps: (2 x 128 channels x 8 bands) -> 88 -> 11 = 180,312 + 979.
        assertThat(ModelTesting.trainableParameters(net(16), new Shape(1, 1, 128, 128))).isEqualTo(278_923L);
        // The head depends on the bands only, not on the frames.
        assertThat(ModelTesting.trainableParameters(net(16), new Shape(1, 1, 128, 256))).isEqualTo(278_923L);
    }

    @Test
    void forwardGivesOneLogitPerClassAndTrains() {
        assertThat(ModelTesting.forwardShape(net(16), new Shape(3, 1, 128, 128))).isEqualTo(new Shape(3, 11));
        assertThat(ModelTesting.trainingStepChange(net(8), new Shape(2, 1, 64, 64), 11)).isPositive();
    }

    @Test
    void poolingIgnoresWhereInTimeSomethingHappens() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 4, 5));
            NDArray reordered = x.get(":, :, :, {}", m.create(new int[]{4, 2, 0, 3, 1}));
            NDArray a = PooledCnn.poolTime(x);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 24));
            assertThat(a.allClose(PooledCnn.poolTime(reordered), 1e-6, 1e-6, false)).isTrue();
            // The first half is the mean over time, the second the maximum.
            assertThat(a.get(0, 0).getFloat()).isCloseTo(x.get(0, 0, 0).mean().getFloat(),
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(a.get(0, 12).getFloat()).isEqualTo(x.get(0, 0, 0).max().getFloat());
        }
    }

    @Test
    void poolingGivesEveryBandsMeanAndMaximumInEitherLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            java.util.Random r = new java.util.Random(4);
            float[] values = new float[3 * 6 * 5 * 7];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) r.nextGaussian();
            }
            NDArray plain = m.create(values, new Shape(3, 6, 5, 7));
            NDArray channelsLast = NetworkInput.channelsLast(m, values, 3, new Shape(6, 5, 7));
            NDArray expected = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                    plain.mean(new int[]{3}).reshape(3, -1), plain.max(new int[]{3}).reshape(3, -1)), 1);
            for (NDArray x : new NDArray[]{plain, channelsLast}) {
                NDArray pooled = PooledCnn.poolTime(x);
                assertThat(pooled.getShape()).isEqualTo(new Shape(3, 60));
                assertThat(pooled.allClose(expected, 1e-6, 1e-6, false)).isTrue();
            }
        }
    }
}
