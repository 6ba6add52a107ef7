package dev.timbre.dataset.synth;

import dev.timbre.audio.effects.Biquad;
import dev.timbre.audio.effects.Convolution;
import dev.timbre.audio.effects.Dynamics;
import dev.timbre.audio.effects.RoomImpulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Applies {@link Realism}'s steps to synthesized audio, each drawn at random (whether it applies, and its
 * parameters) from the given source, so a seed fixes the result.
 */
final class RecordingChain {

    private RecordingChain() {
    }

    /** Places a part in a random room (in place), when the draw says so; a mono source gets a stereo room. */
    static void room(float[][] x, int rate, Realism r, Random rng) {
        if (rng.nextDouble() >= r.room()) {
            return;
        }
        RoomImpulse room = RoomImpulse.random(rng);
        float[][] h = room.render(rate, rng.nextLong());
        float[] mid = new float[x[0].length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = 0.5f * (x[0][i] + x[1][i]);
        }
        for (int c = 0; c < 2; c++) {
            // The direct sound keeps its panning; the room answers the mid signal in each ear with its own tail.
            float[] wet = Convolution.apply(mid, withoutDirect(h[c]));
            for (int i = 0; i < wet.length; i++) {
                x[c][i] += wet[i];
            }
        }
    }

    private static float[] withoutDirect(float[] h) {
        float[] out = h.clone();
        out[0] = 0;
        return out;
    }

    /** Colours, adds noise and masters the finished mix (in place), each step when its draw says so. */
    static void master(float[][] x, int rate, Realism r, Random rng) {
        if (rng.nextDouble() < r.colour()) {
            for (Biquad b : colouration(rate, rng)) {
                for (float[] ch : x) {
                    b.apply(ch);
                }
            }
        }
        if (rng.nextDouble() < r.noise()) {
            noise(x, rate, rng);
        }
        if (rng.nextDouble() < r.compression()) {
            normalisePeak(x, 0.5f);
            new Dynamics(-10 - 14 * rng.nextDouble(), 2 + 6 * rng.nextDouble(), 2 + 28 * rng.nextDouble(),
                    50 + 250 * rng.nextDouble(), 4 + 8 * rng.nextDouble(), -0.3 - 1.5 * rng.nextDouble())
                    .apply(x, rate);
        }
    }

    /** A random microphone or playback response. */
    static List<Biquad> colouration(int rate, Random rng) {
        List<Biquad> filters = new ArrayList<>();
        if (rng.nextDouble() < 0.5) {
            filters.add(Biquad.highPass(30 + 220 * rng.nextDouble(), 0.707, rate));
        }
        if (rng.nextDouble() < 0.5) {
            filters.add(Biquad.lowPass(3_500 + 14_000 * rng.nextDouble(), 0.707, rate));
        }
        filters.add(Biquad.lowShelf(100 + 300 * rng.nextDouble(), (rng.nextDouble() * 2 - 1) * 8, rate));
        filters.add(Biquad.highShelf(3_000 + 6_000 * rng.nextDouble(), (rng.nextDouble() * 2 - 1) * 8, rate));
        int peaks = rng.nextInt(4);
        for (int p = 0; p < peaks; p++) {
            double hz = 150 * Math.pow(60, rng.nextDouble());
            filters.add(Biquad.peaking(hz, 0.5 + 2.5 * rng.nextDouble(), (rng.nextDouble() * 2 - 1) * 9, rate));
        }
        return filters;
    }

    /** Hiss (white, or darker) and sometimes mains hum, at −80 to −45 dB under the mix's RMS. */
    private static void noise(float[][] x, int rate, Random rng) {
        double rms = rms(x);
        if (rms == 0) {
            return;
        }
        double level = rms * Math.pow(10, -(45 + 35 * rng.nextDouble()) / 20);
        double smooth = rng.nextDouble() < 0.5 ? 0 : Math.exp(-2 * Math.PI * (500 + 4000 * rng.nextDouble()) / rate);
        boolean hum = rng.nextDouble() < 0.3;
        double mains = rng.nextBoolean() ? 50 : 60;
        for (float[] ch : x) {
            double state = 0;
            for (int i = 0; i < ch.length; i++) {
                double w = rng.nextGaussian();
                state = smooth == 0 ? w : (1 - smooth) * w * 3 + smooth * state;
                double v = level * state;
                if (hum) {
                    v += level * 2 * (Math.sin(2 * Math.PI * mains * i / rate)
                            + 0.5 * Math.sin(2 * Math.PI * 3 * mains * i / rate));
                }
                ch[i] += (float) v;
            }
        }
    }

    static double rms(float[][] x) {
        double s = 0;
        long n = 0;
        for (float[] ch : x) {
            for (float v : ch) {
                s += (double) v * v;
            }
            n += ch.length;
        }
        return n == 0 ? 0 : Math.sqrt(s / n);
    }

    static void normalisePeak(float[][] x, float peak) {
        float max = 0;
        for (float[] ch : x) {
            for (float v : ch) {
                max = Math.max(max, Math.abs(v));
            }
        }
        if (max == 0) {
            return;
        }
        float g = peak / max;
        for (float[] ch : x) {
            for (int i = 0; i < ch.length; i++) {
                ch[i] *= g;
            }
        }
    }
}
