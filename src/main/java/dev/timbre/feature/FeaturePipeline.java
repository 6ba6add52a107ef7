package dev.timbre.feature;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.Resampler;
import dev.timbre.audio.AudioDecoder;

import dev.timbre.audio.AudioStream;
import dev.timbre.audio.ResampledAudioStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The one path from an audio file to model inputs, shared by training, evaluation, prediction and the service:
 * decode, resample to the settings' rate, cut a window, compute {@link MelSpectrogram} features, and (for whole
 * training clips) cache them.
 */
public final class FeaturePipeline {

    private final FeatureSettings settings;
    private final MelSpectrogram mel;
    private final FeatureCache cache;

    /**
     * @param settings the model's feature settings
     * @param cache    where clip features are cached, or {@code null} to compute every time
     */
    public FeaturePipeline(FeatureSettings settings, FeatureCache cache) {
        this.settings = settings;
        this.mel = new MelSpectrogram(settings);
        this.cache = cache;
    }

    public FeatureSettings settings() {
        return settings;
    }

    /** Decodes a file (WAV, FLAC, MP3, Ogg Vorbis; others through ffmpeg when present) at the settings' rate. */
    public AudioClip load(Path file) throws IOException {
        return toRate(AudioDecoder.read(file));
    }

    /**
     * Opens a file for streaming at the settings' rate, so a recording of any length is read in constant memory.
     */
    public AudioStream open(Path file) throws IOException {
        AudioStream s = AudioDecoder.open(file);
        return s.sampleRate() == settings.sampleRate() ? s : new ResampledAudioStream(s, settings.sampleRate());
    }

    /** Resamples in-memory audio to the settings' rate (band-limited) when it differs. */
    public AudioClip toRate(AudioClip clip) {
        return clip.sampleRate() == settings.sampleRate() ? clip : Resampler.resample(clip, settings.sampleRate());
    }

    /**
     * Features of the window of {@code settings.windowFrames()} samples starting at {@code start}; past the end
     * of the clip the window is zero-padded.
     *
     * @param clip audio at the settings' rate
     * @return {@code (maps, nMels, frames)}
     */
    public float[][][] window(AudioClip clip, int start) {
        if (clip.sampleRate() != settings.sampleRate()) {
            throw new IllegalArgumentException("audio at " + clip.sampleRate() + " Hz, features need "
                    + settings.sampleRate() + " Hz");
        }
        return window(clip.channels(), start, clip.frames() - start);
    }

    /**
     * Features of the window starting at {@code start} of audio at the settings' rate of which only {@code length}
     * frames from there are audio (a streaming buffer's tail may hold anything); the window is zero-padded after
     * them.
     *
     * @param audio {@code (channels, ≥ start + min(length, windowFrames))}
     * @return {@code (maps, nMels, frames)}
     */
    public float[][][] window(float[][] audio, int start, int length) {
        int n = settings.windowFrames();
        int len = Math.max(0, Math.min(n, length));
        float[][] w = new float[audio.length][n];
        for (int c = 0; c < w.length; c++) {
            System.arraycopy(audio[c], start, w[c], 0, len);
        }
        return mel.compute(w);
    }

    /** Features of a whole training clip (its first window), from the cache when present. */
    public FeatureMap clip(Path file) throws IOException {
        if (cache == null) {
            return FeatureMap.of(window(load(file), 0));
        }
        return cache.get(file, settings, f -> window(load(f), 0));
    }

    /**
     * Features of many clips on all cores, cached; a file that fails is reported through {@code failures}
     * with its message and left out (its slot in the result is {@code null}).
     *
     * @param progress called with the number of files done so far
     */
    public List<FeatureMap> clips(List<Path> files, int threads, IntConsumer progress, List<String> failures)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "timbre-features");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<FeatureMap>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    try {
                        return clip(f);
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e.getMessage() == null ? f + ": " + e : e.getMessage());
                        }
                        return null;
                    } finally {
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            List<FeatureMap> out = new ArrayList<>();
            for (Future<FeatureMap> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features");
        } catch (ExecutionException e) {
            throw new IOException("computing features failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
