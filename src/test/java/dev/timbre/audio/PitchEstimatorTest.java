package dev.timbre.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class PitchEstimatorTest {

    /** A harmonic tone with a decaying envelope, like a plucked or struck note. */
    private static float[] note(double hz, int rate, double seconds, double[] harmonics, long seed) {
        int n = (int) (rate * seconds);
        float[] x = new float[n];
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double env = Math.min(1, t / 0.01) * Math.exp(-t * 1.5);
            double v = 0;
            for (int h = 0; h < harmonics.length; h++) {
                v += harmonics[h] * Math.sin(2 * Math.PI * hz * (h + 1) * t);
            }
            x[i] = (float) (0.3 * env * v + 0.001 * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void findsTheFundamentalOfTonesAcrossTheRange() {
        for (double midi : new double[]{33, 45, 57, 60.5, 69, 81, 93}) {
            double hz = PitchEstimator.hzOf(midi);
            float[] x = note(hz, 44_100, 1.5, new double[]{1, 0.5, 0.3, 0.2}, (long) midi);
            assertThat(PitchEstimator.DEFAULT.estimateMidi(x, 44_100).orElseThrow()).as("MIDI %s", midi)
                    .isCloseTo(midi, offset(0.1));
        }
    }

    @Test
    void aWeakFundamentalIsNotMistakenForItsOctave() {
        // Most energy in the 2nd and 3rd harmonics, as for a low string or a voice.
        double hz = PitchEstimator.hzOf(48);
        float[] x = note(hz, 16_000, 1.0, new double[]{0.15, 1, 0.8, 0.4}, 3);
        assertThat(PitchEstimator.DEFAULT.estimateMidi(x, 16_000).orElseThrow()).isCloseTo(48, offset(0.1));
    }

    @Test
    void noiseAndSilenceHaveNoPitch() {
        Random rng = new Random(1);
        float[] noise = new float[44_100];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian() * 0.2f;
        }
        assertThat(PitchEstimator.DEFAULT.estimateHz(noise, 44_100)).isEmpty();
        assertThat(PitchEstimator.DEFAULT.estimateHz(new float[44_100], 44_100)).isEmpty();
        assertThat(PitchEstimator.DEFAULT.estimateHz(new float[100], 44_100)).isEmpty();
    }
}
