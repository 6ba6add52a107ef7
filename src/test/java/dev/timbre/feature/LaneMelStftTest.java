package dev.timbre.feature;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIMD mel path against the JTransforms one, on lengths that leave lane blocks partly filled, frames partly
 * outside the signal and signals shorter than one frame; the golden tests cover the SIMD path against librosa.
 */
class LaneMelStftTest {

    private static final int N_FFT = 4096;
    private static final int HOP = 512;

    @Test
    void testJvmRunsTheSimdPath() {
        // The build adds jdk.incubator.vector to the test JVM, so the golden tests exercise the kernel users get.
        assertThat(SimdSupport.enabled()).isTrue();
        assertThat(Stft.melKernel()).startsWith("SIMD");
        assertThat(Stft.melKernelId()).isEqualTo("simd-lanes-2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 2048, 4095, 4096, 4097, 3 * 512 * 8, 20_000, 132_299})
    void agreesWithTheScalarPath(int samples) {
        SplittableRandom rnd = new SplittableRandom(samples);
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = (float) (0.6 * Math.sin(i * 0.031) + 0.3 * rnd.nextDouble(-1, 1));
        }
        Stft stft = new Stft(N_FFT, HOP, Windows.hannPeriodic(N_FFT));
        MelFilterbank fb = MelFilterbank.slaney(44_100, N_FFT, 224, 0, 22_050);
        float[][] want = stft.melPowerScalar(y, fb);
        float[][] got = new LaneMelStft(N_FFT, HOP, Windows.hannPeriodic(N_FFT)).melPower(y, fb);
        assertThat(got.length).isEqualTo(224);
        double peak = 0;
        for (float[] row : want) {
            for (float v : row) {
                peak = Math.max(peak, v);
            }
        }
        double worst = 0;
        for (int m = 0; m < want.length; m++) {
            assertThat(got[m]).hasSize(1 + samples / HOP);
            for (int t = 0; t < want[m].length; t++) {
                double err = Math.abs(got[m][t] - want[m][t]) / (Math.abs(want[m][t]) + 1e-6 * peak + 1e-30);
                worst = Math.max(worst, err);
            }
        }
        assertThat(worst).as("worst relative difference").isLessThan(1e-4);
    }

    @Test
    void smallerTransformsAgreeToo() {
        // 512 points: a complex size of 256, a power of four, so no radix-2 stage.
        for (int nFft : new int[]{256, 512}) {
            float[] y = new float[5_000];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) Math.sin(i * 0.2) * (i % 7 == 0 ? 1f : 0.5f);
            }
            MelFilterbank fb = MelFilterbank.slaney(16_000, nFft, 40, 0, 8_000);
            float[][] want = new Stft(nFft, 128, Windows.hannPeriodic(nFft)).melPowerScalar(y, fb);
            float[][] got = new LaneMelStft(nFft, 128, Windows.hannPeriodic(nFft)).melPower(y, fb);
            for (int m = 0; m < want.length; m++) {
                for (int t = 0; t < want[m].length; t++) {
                    assertThat((double) got[m][t]).as("nFft %d band %d frame %d", nFft, m, t)
                            .isCloseTo(want[m][t], org.assertj.core.data.Offset.offset(1e-4 * (1 + want[m][t])));
                }
            }
        }
    }
}
