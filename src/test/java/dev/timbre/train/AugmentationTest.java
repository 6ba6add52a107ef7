package dev.timbre.train;

import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class AugmentationTest {

    /** Features whose maps are {@code (maps, rows, frames)}, amin 1e-10 and top_db 80, the last row a ZCR or not. */
    static FeatureSettings maps(int maps, int rows, int frames, boolean zcr) {
        return new FeatureSettings(8_000, 4 * frames, 8, 4, rows, 0, 4_000, 1e-10, 80, 0, frames,
                maps == 1 ? ChannelMode.MONO : ChannelMode.STEREO, zcr);
    }

    static TrainSettings augmentation(double eqDb, boolean timeShift, int bandShift, int maskBands, int maskFrames) {
        return new TrainSettings(8, 1e-3f, 1, 1, 1L, 0.2, 0.5, 3, 6.0, eqDb, timeShift, bandShift, maskBands,
                maskFrames, LearningRateSchedule.CONSTANT);
    }

    static float[] map(long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * 6 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-60 * r.nextDouble());
        }
        x[7] = 0f;
        return x;
    }

    @Test
    void mixingAClipWithItselfGivesTheClip() {
        Mixer m = new Mixer(maps(2, 6, 10, false));
        float[] a = map(1);
        float[] out = new float[a.length];
        m.mix(new float[][]{a, a}, new double[]{1, 1}, out, 0);
        for (int i = 0; i < a.length; i++) {
            assertThat((double) out[i]).isCloseTo(a[i], offset(1e-3));
        }
    }

    @Test
    void mixtureIsThePowerSumRenormalised() {
        Mixer m = new Mixer(maps(1, 1, 2, false));
        float[] a = {0f, -10f};
        float[] b = {-10f, 0f};
        float[] out = new float[2];
        m.mix(new float[][]{a, b}, new double[]{1, 1}, out, 0);
        // both cells hold 1 + 0.1 of the reference power: equal, and the maximum is 0 dB
        assertThat((double) out[0]).isCloseTo(0, offset(1e-5));
        assertThat((double) out[1]).isCloseTo(0, offset(1e-5));
        m.mix(new float[][]{a, b}, new double[]{1, 0.1}, out, 0);
        assertThat((double) out[1]).isCloseTo(10 * Math.log10(0.2 / 1.01), offset(1e-4));
    }

    @Test
    void equaliserKeepsTheMaximumAtZeroAndTheFloor() {
        Augmenter aug = new Augmenter(maps(2, 6, 10, false), augmentation(12, false, 0, 0, 0));
        float[] x = map(2);
        aug.apply(x, 0, new Random(3));
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
            assertThat(v).isGreaterThanOrEqualTo(-80f);
        }
        assertThat(max).isEqualTo(0f);
        assertThat(x).isNotEqualTo(map(2));
    }

    @Test
    void bandShiftMovesRowsAndFillsWithTheFloor() {
        Augmenter aug = new Augmenter(maps(1, 4, 2, false), augmentation(0, false, 2, 0, 0));
        for (long seed = 0; seed < 20; seed++) {
            float[] x = {0, 0, -10, -10, -20, -20, -30, -30};
            aug.apply(x, 0, new Random(seed));
            int shift = x[0] == 0 ? 0 : x[2] == 0 ? 1 : x[4] == 0 ? 2 : x[0] == -20 ? -2 : -1;
            for (int r = 0; r < 4; r++) {
                int src = r - shift;
                float expected = src >= 0 && src < 4 ? -10f * src : -80f;
                assertThat(x[2 * r]).as("seed %d row %d", seed, r).isEqualTo(expected);
            }
        }
    }

    @Test
    void timeShiftRollsEveryRowByTheSameAmount() {
        Augmenter aug = new Augmenter(maps(1, 2, 5, false), augmentation(0, true, 0, 0, 0));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        aug.apply(x, 0, new Random(4));
        int shift = 0;
        while (x[shift] != 1f) {
            shift++;
        }
        for (int t = 0; t < 5; t++) {
            assertThat(x[(t + shift) % 5]).isEqualTo(t + 1f);
            assertThat(x[5 + (t + shift) % 5]).isEqualTo(t + 6f);
        }
    }

    @Test
    void masksSetOneStretchOfBandsAndOneOfFramesToTheFloorInEveryMap() {
        // 2 maps of 6 bands (the last a ZCR row, never masked) x 8 frames, all at -1 dB.
        Augmenter aug = new Augmenter(maps(2, 6, 8, true), augmentation(0, false, 0, 3, 4));
        boolean sawBands = false;
        boolean sawFrames = false;
        for (long seed = 0; seed < 40; seed++) {
            float[] x = new float[2 * 6 * 8];
            java.util.Arrays.fill(x, -1f);
            aug.apply(x, 0, new Random(seed));
            int[] maskedPerRow = new int[5];
            int[] maskedPerFrame = new int[8];
            for (int r = 0; r < 5; r++) {
                for (int t = 0; t < 8; t++) {
                    boolean m = x[r * 8 + t] == -80f;
                    // The same cells in both maps.
                    assertThat(x[48 + r * 8 + t] == -80f).isEqualTo(m);
                    maskedPerRow[r] += m ? 1 : 0;
                    maskedPerFrame[t] += m ? 1 : 0;
                }
            }
            for (int t = 0; t < 8; t++) {
                assertThat(x[5 * 8 + t]).as("the ZCR row is left alone").isEqualTo(-1f);
            }
            long fullRows = java.util.Arrays.stream(maskedPerRow).filter(c -> c == 8).count();
            long fullFrames = java.util.Arrays.stream(maskedPerFrame).filter(c -> c == 5).count();
            assertThat(fullRows).isBetween(0L, 3L);
            assertThat(fullFrames).isBetween(0L, 4L);
            sawBands |= fullRows > 0 && fullRows < 5;
            sawFrames |= fullFrames > 0 && fullFrames < 8;
            // Every masked cell lies in a fully masked band or a fully masked frame.
            for (int r = 0; r < 5; r++) {
                for (int t = 0; t < 8; t++) {
                    if (x[r * 8 + t] == -80f) {
                        assertThat(maskedPerRow[r] == 8 || maskedPerFrame[t] == 5).isTrue();
                    }
                }
            }
        }
        assertThat(sawBands).isTrue();
        assertThat(sawFrames).isTrue();
    }
}
