package dev.timbre.audio.effects;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class EffectsTest {

    private static final int RATE = 44_100;

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * 0.1f;
        }
        return x;
    }

    private static double energy(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return s;
    }

    @Test
    void convolutionMatchesTheDirectSumAndKeepsTheLength() {
        float[] x = noise(1000, 1);
        float[] h = noise(77, 2);
        float[] y = Convolution.apply(x, h);
        assertThat(y).hasSize(1000);
        for (int n : new int[]{0, 5, 76, 500, 999}) {
            double s = 0;
            for (int k = 0; k <= Math.min(n, h.length - 1); k++) {
                s += (double) h[k] * x[n - k];
            }
            assertThat((double) y[n]).as("y[%d]", n).isCloseTo(s, offset(1e-5));
        }
    }

    @Test
    void aRoomHasItsLengthItsWetLevelAndItsSeed() {
        RoomImpulse room = new RoomImpulse(0.8, 20, -6, 8, 0.5);
        float[][] h = room.render(RATE, 7);
        assertThat(h).hasDimensions(2, 1 + (int) Math.round(0.020 * RATE) + (int) Math.round(0.8 * RATE));
        for (float[] ch : h) {
            assertThat(ch[0]).isEqualTo(1f);
            // The reverberant energy is wetDb under the unit direct sound.
            assertThat(10 * Math.log10(energy(ch, 1, ch.length))).isCloseTo(-6, offset(1e-3));
            // The tail decays: its last tenth holds far less energy than its first.
            int tenth = ch.length / 10;
            assertThat(energy(ch, ch.length - tenth, ch.length)).isLessThan(1e-3 * energy(ch, 1, 1 + tenth));
        }
        assertThat(h[0]).isNotEqualTo(h[1]);
        assertThat(room.render(RATE, 7)[1]).isEqualTo(h[1]);
        assertThat(room.render(RATE, 8)[1]).isNotEqualTo(h[1]);
        assertThatThrownBy(() -> new RoomImpulse(0, 10, 0, 4, 0.5)).hasMessageContaining("RT60");
        RoomImpulse random = RoomImpulse.random(new Random(3));
        assertThat(random).isEqualTo(RoomImpulse.random(new Random(3)));
        assertThat(random.rt60Seconds()).isBetween(0.2, 2.2);
    }

    @Test
    void filtersHaveTheirDesignedResponse() {
        Biquad lp = Biquad.lowPass(1000, 0.707, RATE);
        assertThat(lp.gainDbAt(100, RATE)).isCloseTo(0, offset(0.1));
        assertThat(lp.gainDbAt(1000, RATE)).isCloseTo(-3.01, offset(0.05));
        assertThat(lp.gainDbAt(10_000, RATE)).isLessThan(-35);
        Biquad hp = Biquad.highPass(200, 0.707, RATE);
        assertThat(hp.gainDbAt(20, RATE)).isLessThan(-35);
        assertThat(hp.gainDbAt(5000, RATE)).isCloseTo(0, offset(0.1));
        assertThat(Biquad.peaking(2000, 1, 6, RATE).gainDbAt(2000, RATE)).isCloseTo(6, offset(1e-6));
        assertThat(Biquad.lowShelf(200, -8, RATE).gainDbAt(20, RATE)).isCloseTo(-8, offset(0.2));
        assertThat(Biquad.highShelf(4000, 5, RATE).gainDbAt(18_000, RATE)).isCloseTo(5, offset(0.3));
        // The filter applied to a tone scales it by its response.
        float[] tone = new float[RATE];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * 3000 * i / RATE);
        }
        double before = energy(tone, RATE / 2, RATE);
        lp.apply(tone);
        assertThat(10 * Math.log10(energy(tone, RATE / 2, RATE) / before))
                .isCloseTo(lp.gainDbAt(3000, RATE), offset(0.05));
        assertThatThrownBy(() -> Biquad.lowPass(30_000, 0.7, RATE)).hasMessageContaining("30000");
    }

    @Test
    void dynamicsCompressLoudPassagesAndKeepPeaksUnderTheCeiling() {
        float[][] x = new float[2][RATE];
        for (int i = 0; i < RATE; i++) {
            double amp = i < RATE / 2 ? 0.05 : 0.9;
            x[0][i] = x[1][i] = (float) (amp * Math.sin(2 * Math.PI * 220 * i / RATE));
        }
        new Dynamics(-20, 4, 5, 100, 6, -1).apply(x, RATE);
        double peak = 0;
        for (float v : x[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertThat(20 * Math.log10(peak)).isLessThanOrEqualTo(-1 + 1e-6);
        // The quiet half (below the threshold) gets the make-up gain; the loud half is squeezed: the 25 dB step
        // between them comes out far smaller.
        double quiet = Math.sqrt(energy(x[0], RATE / 8, RATE / 2) / (RATE / 2.0 - RATE / 8.0));
        double loud = Math.sqrt(energy(x[0], RATE * 5 / 8, RATE) / (RATE * 3 / 8.0));
        assertThat(20 * Math.log10(loud / quiet)).isBetween(5.0, 15.0);
        assertThatThrownBy(() -> new Dynamics(-20, 0.5, 5, 100, 0, -1)).hasMessageContaining("ratio");
    }
}
