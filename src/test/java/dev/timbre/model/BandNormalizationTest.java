package dev.timbre.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BandNormalizationTest {

    private static final int BANDS = 12;
    private static final int FRAMES = 9;

    /** (2, 2, BANDS, FRAMES) of random dB-like values. */
    private static float[] maps(long seed) {
        Random r = new Random(seed);
        float[] v = new float[2 * 2 * BANDS * FRAMES];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (-80 * r.nextDouble());
        }
        return v;
    }

    /** {@code maps} plus {@code offset[band]} in every frame of every example and channel. */
    private static float[] coloured(float[] maps, double[] offset) {
        float[] v = maps.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) offset[(i / FRAMES) % BANDS];
        }
        return v;
    }

    private static float[] apply(InputNorm norm, float[] values) {
        try (NDManager mgr = NDManager.newBaseManager()) {
            BandNormalization block = new BandNormalization(norm);
            Shape shape = new Shape(2, 2, BANDS, FRAMES);
            block.initialize(mgr, DataType.FLOAT32, shape);
            NDArray x = mgr.create(values, shape);
            NDArray y = block.forward(new ParameterStore(mgr, false), new NDList(x), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(shape);
            return y.toFloatArray();
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(2e-3f));
        }
    }

    @Test
    void bandMeanLeavesEveryBandZeroOnAverageAndIgnoresAnyColouration() {
        float[] x = maps(1);
        float[] y = apply(InputNorm.BAND_MEAN, x);
        for (int row = 0; row < y.length / FRAMES; row++) {
            double sum = 0;
            for (int f = 0; f < FRAMES; f++) {
                sum += y[row * FRAMES + f];
            }
            assertThat(sum / FRAMES).isCloseTo(0, within(1e-4));
            // What changes in time is kept as it is.
            assertThat(y[row * FRAMES + 3] - y[row * FRAMES]).isCloseTo(x[row * FRAMES + 3] - x[row * FRAMES],
                    within(1e-4f));
        }
        double[] spiky = new double[BANDS];
        spiky[5] = 30;
        spiky[0] = -12;
        assertClose(apply(InputNorm.BAND_MEAN, coloured(x, spiky)), y);
    }

    @Test
    void tiltRemovesLevelSlopeAndCurvatureAcrossBandsButKeepsFinerShape() {
        float[] x = maps(2);
        float[] y = apply(InputNorm.SPECTRAL_TILT, x);
        double[] broad = new double[BANDS];
        for (int b = 0; b < BANDS; b++) {
            broad[b] = -7 + 1.5 * b - 0.2 * b * b; // a level, a slope and a curvature
        }
        assertClose(apply(InputNorm.SPECTRAL_TILT, coloured(x, broad)), y);

        double[] formant = new double[BANDS];
        formant[5] = 30;
        float[] peaked = apply(InputNorm.SPECTRAL_TILT, coloured(x, formant));
        // The peak survives: band 5 rises against its neighbours by most of the 30 dB.
        float rise = (peaked[5 * FRAMES] - y[5 * FRAMES]) - (peaked[4 * FRAMES] - y[4 * FRAMES]);
        assertThat(rise).isGreaterThan(25f);
    }

    @Test
    void theTiltProjectionIsSymmetricIdempotentAndOfRankThree() {
        int n = 20;
        float[] p = BandNormalization.polynomialProjection(n, BandNormalization.TILT_DEGREE);
        double trace = 0;
        for (int r = 0; r < n; r++) {
            trace += p[r * n + r];
            for (int c = 0; c < n; c++) {
                assertThat(p[r * n + c]).isCloseTo(p[c * n + r], within(1e-6f));
                double square = 0;
                for (int k = 0; k < n; k++) {
                    square += p[r * n + k] * p[k * n + c];
                }
                assertThat(square).isCloseTo(p[r * n + c], within(1e-5));
            }
        }
        assertThat(trace).isCloseTo(3.0, within(1e-5));
    }

    /** PCEN by librosa's recursion, in double, frame after frame, for each (example, channel, band) row. */
    private static float[] pcenByRecursion(float[] x) {
        double b = BandNormalization.smoothingCoefficient();
        float[] y = new float[x.length];
        for (int row = 0; row < x.length / FRAMES; row++) {
            double m = Math.pow(10, x[row * FRAMES] / 10.0);
            for (int t = 0; t < FRAMES; t++) {
                double e = Math.pow(10, x[row * FRAMES + t] / 10.0);
                m = (1 - b) * m + b * e;
                y[row * FRAMES + t] = (float) (Math.sqrt(e / Math.pow(1e-6 + m, 0.98) + 2) - Math.sqrt(2));
            }
        }
        return y;
    }

    @Test
    void pcenFollowsLibrosasRecursionWithItsDefaults() {
        // librosa: T = 0.4 s * 22050 / 512 frames, b = (sqrt(1 + 4T²) - 1) / (2T²).
        assertThat(BandNormalization.smoothingCoefficient()).isCloseTo(0.05639, within(1e-5));
        float[] x = maps(3);
        float[] y = apply(InputNorm.PCEN, x);
        float[] expected = pcenByRecursion(x);
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).as("value %d", i).isCloseTo(expected[i], within(1e-4f + 1e-4f * Math.abs(expected[i])));
        }
    }

    @Test
    void pcenMakesASteadyBandConstantWhateverItsLevelAndMakesAnOnsetStandOut() {
        float[] x = new float[2 * 2 * BANDS * FRAMES];
        for (int row = 0; row < x.length / FRAMES; row++) {
            for (int t = 0; t < FRAMES; t++) {
                x[row * FRAMES + t] = row % 2 == 0 ? -20 - row : (t < 4 ? -60 : -10);
            }
        }
        float[] y = apply(InputNorm.PCEN, x);
        for (int row = 0; row < x.length / FRAMES; row++) {
            if (row % 2 == 0) {
                double e = Math.pow(10, x[row * FRAMES] / 10.0);
                double steady = Math.sqrt(e / Math.pow(1e-6 + e, 0.98) + 2) - Math.sqrt(2);
                for (int t = 0; t < FRAMES; t++) {
                    assertThat(y[row * FRAMES + t]).isCloseTo((float) steady, within(1e-4f));
                }
            } else {
                // 50 dB up at frame 4: far above the steady value (about 0.3) there, and falling after it.
                assertThat(y[row * FRAMES + 4]).isGreaterThan(2f);
                assertThat(y[row * FRAMES + 8]).isLessThan(y[row * FRAMES + 4]);
            }
        }
    }

    @Test
    void aNetworkWithAnInputNormHasTheSameParametersAndSeesTheNormalisedMaps() {
        FeatureSettings compact = FeatureSettings.compact(ChannelMode.MONO);
        ModelSpec plain = ModelSpec.defaults(Architecture.POOLED_CNN, compact).withBaseChannels(16);
        ModelSpec tilted = plain.withInputNorm(InputNorm.SPECTRAL_TILT);
        assertThat(tilted.describe()).isEqualTo("pooled-cnn (n=16, mono, relu, spectral tilt removed)");
        try (Model m = Model.newInstance("tilted")) {
            Block b = tilted.newBlock();
            m.setBlock(b);
            b.initialize(m.getNDManager(), DataType.FLOAT32, tilted.inputShape(1));
            assertThat(ModelParameters.countTrainable(b)).isEqualTo(278_923L);
            assertThat(((SequentialBlock) b).getChildren().get(0).getValue()).isInstanceOf(BandNormalization.class);
        }
        assertThat(plain.newBlock()).isNotInstanceOf(BandNormalization.class);
        assertThat(plain.withInputNorm(InputNorm.PCEN).describe()).isEqualTo("pooled-cnn (n=16, mono, relu, pcen)");
    }

    @Test
    void noneIsNotABlock() {
        assertThatThrownBy(() -> new BandNormalization(InputNorm.NONE))
                .hasMessageContaining("other than NONE");
    }
}
