package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @ParameterizedTest
    @CsvSource({"48000,44100", "44100,48000", "22050,44100", "44100,22050", "8000,44100", "96000,44100",
            "44100,16000", "44100,44100", "1,3", "7,5"})
    void outputLengthIsCeilOfNTimesToOverFrom(int from, int to) {
        for (int n : new int[] {0, 1, 2, 3, 99, 100, 1001, 44100}) {
            long expected = (long) Math.ceil(n * (double) to / from);
            assertThat(Resampler.outputLength(n, from, to)).as("n=%d", n).isEqualTo(expected);
            assertThat(Resampler.resample(new float[n], from, to)).hasSize((int) expected);
        }
    }

    @Test
    void equalRatesGiveACopy() {
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] y = Resampler.resample(x, 44100, 44100);
        assertThat(y).containsExactly(x).isNotSameAs(x);
    }

    @ParameterizedTest
    @CsvSource({"48000,44100,1000", "44100,48000,1000", "22050,44100,440", "44100,22050,3000", "8000,44100,440",
            "96000,44100,1000", "44100,16000,2500", "96000,44100,15000", "44100,48000,18000"})
    void passbandTonesMatchTheIdealSignalAtTheNewRate(int from, int to, double hz) {
        int n = from; // one second
        float[] y = Resampler.resample(Signals.tone(hz, from, n, 0.8), from, to);
        float[] ideal = Signals.tone(hz, to, y.length, 0.8);
        // Away from the edges (where the zero extension of the signal shows), sample by sample.
        int margin = to / 20;
        double err = 0;
        for (int i = margin; i < y.length - margin; i++) {
            err = Math.max(err, Math.abs(y[i] - ideal[i]));
        }
        System.out.printf("passband %d->%d %.0f Hz: max error %.3g%n", from, to, hz, err);
        assertThat(err).isLessThan(1e-5);
        assertThat(Signals.amplitudeAt(y, margin, y.length - margin, hz, to)).isCloseTo(0.8, within(1e-4));
    }

    @Test
    void oneKilohertzAt48kPeaksAtOneKilohertzAt44k() {
        float[] y = Resampler.resample(Signals.tone(1000, 48000, 48000, 0.5), 48000, 44100);
        double best = 0;
        double bestHz = 0;
        for (double hz = 900; hz <= 1100; hz += 5) {
            double a = Signals.amplitudeAt(y, 2205, y.length - 2205, hz, 44100);
            if (a > best) {
                best = a;
                bestHz = hz;
            }
        }
        assertThat(bestHz).isEqualTo(1000.0);
        assertThat(best).isCloseTo(0.5, within(1e-4));
    }

    @ParameterizedTest
    @CsvSource({"96000,44100,30000", "96000,44100,24000", "48000,44100,23000", "44100,22050,12000",
            "44100,8000,5000", "48000,16000,9000"})
    void tonesAboveTheNewNyquistAreSuppressed(int from, int to, double hz) {
        float[] x = Signals.tone(hz, from, from, 1.0);
        float[] y = Resampler.resample(x, from, to);
        int margin = to / 20;
        double ratio = Signals.rms(y, margin, y.length - margin) / Signals.rms(x, 0, x.length);
        double db = 20 * Math.log10(ratio);
        System.out.printf("stopband %d->%d %.0f Hz: %.1f dB%n", from, to, hz, db);
        assertThat(db).isLessThan(-110);
    }

    @Test
    void constantSignalStaysConstantAwayFromTheEdges() {
        float[] x = new float[10000];
        Arrays.fill(x, 0.5f);
        Resampler r = Resampler.of(44100, 48000);
        float[] y = r.apply(x);
        for (int i = 2 * r.halfWidth(); i < y.length - 2 * r.halfWidth(); i++) {
            assertThat(y[i]).as("sample %d", i).isCloseTo(0.5f, within(1e-5f));
        }
    }

    @Test
    void streamingInRandomBlocksEqualsOneShotExactly() {
        Random rnd = new Random(11);
        float[] x = new float[30000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * 0.3f;
        }
        for (int[] rates : new int[][] {{48000, 44100}, {44100, 48000}, {8000, 44100}, {96000, 44100}}) {
            Resampler r = Resampler.of(rates[0], rates[1]);
            float[] expected = r.apply(x);
            Resampler.Stream s = r.stream();
            float[] got = new float[0];
            int pos = 0;
            while (pos < x.length) {
                int len = Math.min(x.length - pos, rnd.nextInt(5) == 0 ? rnd.nextInt(3) : rnd.nextInt(4000));
                got = concat(got, s.process(x, pos, len));
                pos += len;
            }
            got = concat(got, s.flush());
            assertThat(got).as("%d -> %d", rates[0], rates[1]).containsExactly(expected);
        }
    }

    @Test
    void aStreamCannotBeFedAfterFlush() {
        Resampler.Stream s = Resampler.of(48000, 44100).stream();
        s.process(new float[100]);
        s.flush();
        assertThatThrownBy(() -> s.process(new float[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nearlyCoprimeRatesComputeTapsPerSampleAndStillResampleCorrectly() {
        // 44100 -> 44099 has 44099 phases: too many to tabulate.
        float[] x = Signals.tone(1000, 44100, 4410, 0.5);
        float[] y = Resampler.resample(x, 44100, 44099);
        assertThat(y).hasSize(4410);
        float[] ideal = Signals.tone(1000, 44099, y.length, 0.5);
        for (int i = 500; i < y.length - 500; i++) {
            assertThat(y[i]).as("sample %d", i).isCloseTo(ideal[i], within(1e-5f));
        }
    }

    @Test
    void clipsAreResampledChannelByChannel() {
        float[][] ch = {Signals.tone(440, 22050, 22050, 0.5), Signals.tone(880, 22050, 22050, 0.25)};
        AudioClip y = Resampler.resample(new AudioClip(ch, 22050), 44100);
        assertThat(y.sampleRate()).isEqualTo(44100);
        assertThat(y.channelCount()).isEqualTo(2);
        assertThat(y.frames()).isEqualTo(44100);
        assertThat(y.channels()[0]).containsExactly(Resampler.resample(ch[0], 22050, 44100));
        assertThat(y.channels()[1]).containsExactly(Resampler.resample(ch[1], 22050, 44100));
        assertThatThrownBy(() -> Resampler.of(48000, 44100).apply(new AudioClip(ch, 22050)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22050");
    }

    @Test
    void fastSettingsAreLessAccurateButStillBandLimited() {
        float[] y = Resampler.resample(Signals.tone(1000, 48000, 48000, 0.8), 48000, 44100, ResampleSettings.FAST);
        assertThat(Signals.amplitudeAt(y, 2205, y.length - 2205, 1000, 44100)).isCloseTo(0.8, within(1e-3));
        float[] alias = Resampler.resample(Signals.tone(30000, 96000, 96000, 1), 96000, 44100, ResampleSettings.FAST);
        double db = 20 * Math.log10(Signals.rms(alias, 2205, alias.length - 2205) / Math.sqrt(0.5));
        System.out.printf("FAST stopband 96000->44100 30000 Hz: %.1f dB%n", db);
        assertThat(db).isLessThan(-80);
    }

    @Test
    void badParametersFailAtConstruction() {
        assertThatThrownBy(() -> Resampler.of(0, 44100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Resampler.of(44100, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResampleSettings(0, 0.9, 8)).hasMessageContaining("zeroCrossings");
        assertThatThrownBy(() -> new ResampleSettings(8, 1.5, 8)).hasMessageContaining("rolloff");
        assertThatThrownBy(() -> new ResampleSettings(8, 0.9, Double.NaN)).hasMessageContaining("kaiserBeta");
    }

    @Test
    void besselI0MatchesKnownValues() {
        // I0(0) = 1, I0(1) = 1.2660658777520082, I0(5) = 27.239871823604442 (Abramowitz & Stegun, table 9.8)
        assertThat(Resampler.besselI0(0)).isEqualTo(1.0);
        assertThat(Resampler.besselI0(1)).isCloseTo(1.2660658777520082, within(1e-14));
        assertThat(Resampler.besselI0(5)).isCloseTo(27.239871823604442, within(1e-11));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
