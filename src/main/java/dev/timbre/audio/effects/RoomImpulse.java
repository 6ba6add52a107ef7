package dev.timbre.audio.effects;

import java.util.Random;

/**
 * A generated stereo room impulse response: the direct sound, early reflections (sparse taps of decreasing level
 * in the first tens of milliseconds, different in each ear) and a diffuse tail of decaying noise whose high
 * frequencies die out faster than its lows, as air and walls absorb them. The reverberation time, the delay before
 * the tail and the direct-to-reverberant balance set the size and the distance.
 *
 * @param rt60Seconds  time for the tail to fall by 60 dB (0.15 small room … 2.5 hall)
 * @param preDelayMs   gap between the direct sound and the tail's start
 * @param wetDb        the reverberant energy relative to the direct sound's
 * @param reflections  early reflections per channel
 * @param darkness     how much faster the highs decay than the lows (0: equally, 1: twice as fast)
 */
public record RoomImpulse(double rt60Seconds, double preDelayMs, double wetDb, int reflections, double darkness) {

    public RoomImpulse {
        if (!(rt60Seconds > 0 && rt60Seconds <= 10)) {
            throw new IllegalArgumentException("RT60 must be in (0, 10] s, got " + rt60Seconds);
        }
        if (!(preDelayMs >= 0 && preDelayMs <= 200)) {
            throw new IllegalArgumentException("pre-delay must be in [0, 200] ms, got " + preDelayMs);
        }
        if (reflections < 0 || !(darkness >= 0 && darkness <= 1) || !Double.isFinite(wetDb)) {
            throw new IllegalArgumentException("bad room: " + reflections + " reflections, darkness " + darkness
                    + ", wet " + wetDb + " dB");
        }
    }

    /** A random room: RT60 0.2–2.2 s, pre-delay 2–40 ms, wet −14…+2 dB, 4–14 reflections. */
    public static RoomImpulse random(Random rng) {
        return new RoomImpulse(0.2 + 2.0 * Math.pow(rng.nextDouble(), 1.5), 2 + 38 * rng.nextDouble(),
                -14 + 16 * rng.nextDouble(), 4 + rng.nextInt(11), rng.nextDouble());
    }

    /**
     * @param rate sample rate
     * @param seed decides the reflections and the tail's noise
     * @return {@code (2, length)}, the tail cut where it has fallen by 60 dB
     */
    public float[][] render(int rate, long seed) {
        Random rng = new Random(seed);
        int preDelay = (int) Math.round(preDelayMs / 1000 * rate);
        int tail = (int) Math.round(rt60Seconds * rate);
        int length = 1 + preDelay + tail;
        float[][] h = new float[2][length];
        double decayLow = Math.log(1000) / (rt60Seconds * rate);      // amplitude: e^{-k t}, -60 dB at RT60
        double decayHigh = decayLow * (1 + darkness);
        for (int c = 0; c < 2; c++) {
            float[] lowNoise = new float[tail];
            float[] highNoise = new float[tail];
            // Split white noise at about 2 kHz with a one-pole low-pass: low part and the rest.
            double a = Math.exp(-2 * Math.PI * 2000.0 / rate);
            double state = 0;
            for (int i = 0; i < tail; i++) {
                double w = rng.nextGaussian();
                state = (1 - a) * w + a * state;
                lowNoise[i] = (float) state;
                highNoise[i] = (float) (w - state);
            }
            for (int i = 0; i < tail; i++) {
                double v = lowNoise[i] * Math.exp(-decayLow * i) + highNoise[i] * Math.exp(-decayHigh * i);
                // A short fade-in so the tail builds up rather than starting at its loudest.
                double build = Math.min(1, i / (0.01 * rate));
                h[c][1 + preDelay + i] = (float) (v * build);
            }
            for (int r = 0; r < reflections; r++) {
                int at = 1 + (int) (rng.nextDouble() * Math.max(1, preDelay + 0.03 * rate));
                double amp = (rng.nextBoolean() ? 1 : -1) * (0.2 + 0.6 * rng.nextDouble())
                        * Math.exp(-decayLow * at);
                if (at < length) {
                    h[c][at] += (float) amp;
                }
            }
            // Scale the reverberant part (reflections and tail) to wetDb relative to the unit direct sound.
            double energy = 0;
            for (int i = 1; i < length; i++) {
                energy += (double) h[c][i] * h[c][i];
            }
            double scale = Math.sqrt(Math.pow(10, wetDb / 10) / Math.max(1e-12, energy));
            for (int i = 1; i < length; i++) {
                h[c][i] = (float) (h[c][i] * scale);
            }
            h[c][0] = 1f;
        }
        return h;
    }
}
