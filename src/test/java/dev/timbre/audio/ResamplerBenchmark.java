package dev.timbre.audio;

import java.util.Random;

/**
 * Throughput of {@link Resampler} (not a test): seconds of stereo audio resampled per second of wall time.
 * Run: {@code mvn -o -q test-compile && java -cp target/classes:target/test-classes dev.timbre.audio.ResamplerBenchmark}
 */
public final class ResamplerBenchmark {

    public static void main(String[] args) {
        int[][] pairs = {{48000, 44100}, {44100, 48000}, {96000, 44100}, {22050, 44100}, {8000, 44100}, {44100, 22050}};
        double seconds = 60;
        Random rnd = new Random(1);
        for (ResampleSettings settings : new ResampleSettings[] {ResampleSettings.DEFAULT, ResampleSettings.FAST}) {
            for (int[] p : pairs) {
                int n = (int) (seconds * p[0]);
                float[][] x = new float[2][n];
                for (float[] c : x) {
                    for (int i = 0; i < n; i++) {
                        c[i] = (float) rnd.nextGaussian() * 0.1f;
                    }
                }
                AudioClip clip = new AudioClip(x, p[0]);
                Resampler r = Resampler.of(p[0], p[1], settings);
                r.apply(clip); // warm-up
                long t0 = System.nanoTime();
                int reps = 3;
                for (int k = 0; k < reps; k++) {
                    r.apply(clip);
                }
                double wall = (System.nanoTime() - t0) / 1e9 / reps;
                long b0 = System.nanoTime();
                Resampler.of(p[0], p[1], settings);
                double build = (System.nanoTime() - b0) / 1e6;
                System.out.printf("%s %6d -> %6d Hz stereo: %6.1f s of audio per s (%d taps/output, table built in %.1f ms)%n",
                        settings == ResampleSettings.DEFAULT ? "DEFAULT" : "FAST   ", p[0], p[1], seconds / wall,
                        2 * r.halfWidth(), build);
            }
        }
    }
}
