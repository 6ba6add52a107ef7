package dev.timbre.cli;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.feature.Stft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** {@code timbre bench features}: clips per second through decoding and the study's features, mono and stereo. */
@Command(name = "features", mixinStandardHelpOptions = true,
        header = "Measure clips/s of WAV decoding and the study's features, mono and stereo.",
        description = {"Clips/s of WAV decoding + mel features (the study's settings), mono and stereo, on all "
                + "cores, after a warm-up pass. Without --data it writes deterministic 3-s test WAVs to a temp dir."})
public final class BenchFeaturesCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", description = "Use the .wav files under this directory.")
    Path data;

    @Option(names = "--clips", defaultValue = "64", description = "Clips per measurement (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "End with one JSON line: mono_clips_per_s, stereo_clips_per_s.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Path tmp = null;
        List<Path> files;
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new IOException(data + ": no such directory");
            }
            try (Stream<Path> s = Files.walk(data)) {
                files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().limit(clips)
                        .toList();
            }
            if (files.isEmpty()) {
                throw new IOException(data + ": no .wav files");
            }
        } else {
            tmp = Files.createTempDirectory("timbre-bench");
            files = testClips(tmp, clips);
        }
        try {
            double mono = measure(files, FeatureSettings.study(ChannelMode.MONO), t);
            double stereo = measure(files, FeatureSettings.study(ChannelMode.STEREO), t);
            String kernel = Stft.melKernel();
            out.printf(Locale.ROOT, "%d clips of %s, %d threads, WAV decoding included, STFT + mel on %s%n",
                    files.size(), data == null ? "synthetic 3-s stereo test signals" : data, t, kernel);
            out.printf(Locale.ROOT, "mono:   %.1f clips/s%nstereo: %.1f clips/s%n", mono, stereo);
            if (json) {
                out.printf(Locale.ROOT, "{\"clips\":%d,\"threads\":%d,\"kernel\":\"%s\",\"mono_clips_per_s\":%.2f,"
                        + "\"stereo_clips_per_s\":%.2f}%n", files.size(), t, Stft.melKernelId(), mono, stereo);
            }
        } finally {
            if (tmp != null) {
                try (Stream<Path> s = Files.walk(tmp)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return 0;
    }

    /** Clips/s of the second of two passes over the files (the first warms up the JIT and the page cache). */
    static double measure(List<Path> files, FeatureSettings settings, int threads) throws Exception {
        FeaturePipeline pipeline = new FeaturePipeline(settings, null);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double rate = 0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                List<Future<float[][][]>> fs = new ArrayList<>();
                for (Path f : files) {
                    fs.add(pool.submit(() -> pipeline.window(pipeline.load(f), 0)));
                }
                for (Future<float[][][]> f : fs) {
                    f.get();
                }
                rate = files.size() / ((System.nanoTime() - start) / 1e9);
            }
            return rate;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tones with noise, 44.1 kHz 16-bit stereo, IRMAS length. */
    static List<Path> testClips(Path dir, int n) throws IOException {
        List<Path> out = new ArrayList<>();
        Random rng = new Random(7);
        for (int i = 0; i < n; i++) {
            float[][] y = new float[2][dev.timbre.dataset.IrmasDataset.CLIP_FRAMES];
            double f = 110 * Math.pow(2, rng.nextInt(36) / 12.0);
            for (int k = 0; k < y[0].length; k++) {
                double s = 0.4 * Math.sin(2 * Math.PI * f * k / 44_100) + 0.05 * rng.nextGaussian();
                y[0][k] = (float) s;
                y[1][k] = (float) (0.8 * s + 0.03 * rng.nextGaussian());
            }
            Path p = dir.resolve(String.format("clip-%03d.wav", i));
            WavWriter.write16(p, new AudioClip(y, 44_100));
            out.add(p);
        }
        return out;
    }
}
