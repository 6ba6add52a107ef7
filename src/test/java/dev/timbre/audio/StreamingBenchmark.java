package dev.timbre.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes (and optionally resamples) a file through the streaming API, reporting speed and heap use; not a test.
 * Run: {@code java -Xmx48m -cp target/classes:target/test-classes:LIBS dev.timbre.audio.StreamingBenchmark FILE [RATE]}
 */
public final class StreamingBenchmark {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        long frames = 0;
        double sumSquares = 0;
        try (AudioStream s = args.length > 1 ? ResampledAudioStream.open(file, Integer.parseInt(args[1]))
                : AudioDecoder.open(file)) {
            float[][] buf = new float[s.channels()][8192];
            int n;
            while ((n = s.read(buf, 0, 8192)) > 0) {
                for (int i = 0; i < n; i++) {
                    sumSquares += buf[0][i] * (double) buf[0][i];
                }
                frames += n;
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("%s: %d frames at %d Hz (%.1f s of audio, rms %.4f) in %.1f s wall = %.1fx real time; "
                            + "max heap %d MiB%n", file.getFileName(), frames, s.sampleRate(),
                    frames / (double) s.sampleRate(), Math.sqrt(sumSquares / frames), wall,
                    frames / (double) s.sampleRate() / wall, rt.maxMemory() >> 20);
        }
    }
}
