package dev.timbre.feature;

import dev.timbre.audio.Mixdown;

/**
 * The study's feature pipeline for one analysis window, librosa-exact: peak normalisation of the decoded
 * array ({@code y / y.max()} over all channels), channel handling (mono = mean of the channels; stereo = a map
 * per channel, a mono source duplicated),
 * centred STFT power, Slaney mel filterbank, {@code power_to_db} with ref = the maximum over all maps, then the
 * frames {@code firstFrame .. firstFrame + frames - 1}; with {@code zcrRow} the last mel row is replaced by the
 * zero-crossing rate of the same frames.
 *
 * <p>Holds only precomputed constants (window, FFT plan, filterbank); {@link #compute} is thread-safe and
 * knows nothing about files. Callers run windows or clips in parallel.
 */
public final class MelSpectrogram {

    private final FeatureSettings settings;
    private final Stft stft;
    private final MelFilterbank filterbank;

    public MelSpectrogram(FeatureSettings settings) {
        this.settings = settings;
        this.stft = new Stft(settings.nFft(), settings.hopLength(), Windows.hannPeriodic(settings.nFft()));
        this.filterbank = MelFilterbank.slaney(settings.sampleRate(), settings.nFft(), settings.nMels(),
                settings.fMin(), settings.fMax());
    }

    public FeatureSettings settings() {
        return settings;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    public Stft stft() {
        return stft;
    }

    /**
     * Features of one window.
     *
     * @param window {@code (channels, samples)} at {@code settings.sampleRate()}; shorter than
     *               {@code settings.windowFrames()} is zero-padded at the end, longer is cut
     * @return {@code (maps, nMels, frames)}
     */
    public float[][][] compute(float[][] window) {
        float[][] signals = normalizedMaps(window);
        int maps = signals.length;
        float[][][] mel = new float[maps][][];
        for (int c = 0; c < maps; c++) {
            mel[c] = stft.melPower(signals[c], filterbank);
        }
        Decibels.powerToDbInPlace(mel, settings.amin(), settings.topDb());
        int first = settings.firstFrame();
        int frames = settings.frames();
        float[][][] out = new float[maps][settings.nMels()][];
        for (int c = 0; c < maps; c++) {
            for (int m = 0; m < settings.nMels(); m++) {
                out[c][m] = java.util.Arrays.copyOfRange(mel[c][m], first, first + frames);
            }
            if (settings.zcrRow()) {
                float[] zcr = ZeroCrossingRate.compute(signals[c], settings.nFft(), settings.hopLength());
                out[c][settings.nMels() - 1] = java.util.Arrays.copyOfRange(zcr, first, first + frames);
            }
        }
        return out;
    }

    /**
     * Mel power before dB and cropping, {@code (maps, nMels, stftFrames)}: for tests and plots.
     */
    public float[][][] melPower(float[][] window) {
        float[][] signals = normalizedMaps(window);
        float[][][] mel = new float[signals.length][][];
        for (int c = 0; c < signals.length; c++) {
            mel[c] = stft.melPower(signals[c], filterbank);
        }
        return mel;
    }

    /** The signals the maps are computed from: fitted to the window, mixed per the channel mode, normalised. */
    public float[][] normalizedMaps(float[][] window) {
        if (window.length == 0) {
            throw new IllegalArgumentException("no channels");
        }
        int n = settings.windowFrames();
        float[][] fitted = new float[window.length][];
        for (int c = 0; c < window.length; c++) {
            fitted[c] = window[c].length == n ? window[c] : java.util.Arrays.copyOf(window[c], n);
        }
        // The study normalises the decoded (multi-channel) array first and down-mixes after.
        float[][] normalized = Mixdown.peakNormalize(fitted);
        return switch (settings.channels()) {
            case MONO -> new float[][]{Mixdown.toMono(normalized)};
            case STEREO -> normalized.length >= 2 ? new float[][]{normalized[0], normalized[1]}
                    : new float[][]{normalized[0], normalized[0]};
        };
    }

    /** Floats in one example: {@code maps * nMels * frames}. */
    public int exampleLength() {
        return settings.channels().maps() * settings.nMels() * settings.frames();
    }

    /** Copies {@code (maps, nMels, frames)} into a flat array at {@code offset}, row-major. */
    public static void flatten(float[][][] maps, float[] dst, int offset) {
        int o = offset;
        for (float[][] map : maps) {
            for (float[] row : map) {
                System.arraycopy(row, 0, dst, o, row.length);
                o += row.length;
            }
        }
    }
}
