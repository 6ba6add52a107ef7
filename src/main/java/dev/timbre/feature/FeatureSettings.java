package dev.timbre.feature;

/**
 * Everything that decides the feature maps a model eats; stored in every model bundle and part of every
 * feature-cache key. The numbers match librosa's {@code melspectrogram} + {@code power_to_db} as the study
 * called them.
 *
 * @param sampleRate   analysis rate in Hz; audio at another rate is resampled (study: 44,100)
 * @param windowFrames samples in one analysis window, i.e. one model input (study: 132,299, IRMAS's 3 s)
 * @param nFft         FFT size and window length, periodic Hann (study: 4,096)
 * @param hopLength    hop between STFT frames (study: 512)
 * @param nMels        Slaney-scale mel bands with Slaney area norm (study: 224)
 * @param fMin         lowest mel edge in Hz (study: 0)
 * @param fMax         highest mel edge in Hz (study: sampleRate / 2)
 * @param amin         floor in {@code power_to_db} (study: 1e-10)
 * @param topDb        dynamic range below the maximum kept by {@code power_to_db} (study: 80)
 * @param firstFrame   first STFT frame kept (study: 1, dropping the frame centred on sample 0)
 * @param frames       STFT frames kept per map (study: 256)
 * @param channels     mono (mean of channels) or stereo (a map per channel)
 * @param zcrRow       replace the last mel row by the zero-crossing rate (the study's ZCR variant)
 */
public record FeatureSettings(int sampleRate, int windowFrames, int nFft, int hopLength, int nMels,
                              double fMin, double fMax, double amin, double topDb, int firstFrame, int frames,
                              ChannelMode channels, boolean zcrRow) {

    public FeatureSettings {
        require(sampleRate > 0, "sampleRate must be positive");
        require(windowFrames > 0, "windowFrames must be positive");
        require(nFft > 0 && Integer.bitCount(nFft) == 1, "nFft must be a power of two, got " + nFft);
        require(hopLength > 0, "hopLength must be positive");
        require(nMels > 0, "nMels must be positive");
        require(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2.0, "need 0 <= fMin < fMax <= sampleRate/2");
        require(amin > 0, "amin must be positive");
        require(topDb > 0, "topDb must be positive");
        require(firstFrame >= 0 && frames > 0, "firstFrame >= 0 and frames > 0 required");
        require(firstFrame + frames <= 1 + windowFrames / hopLength,
                "window of " + windowFrames + " samples has only " + (1 + windowFrames / hopLength)
                        + " STFT frames, cannot keep frames " + firstFrame + ".." + (firstFrame + frames - 1));
        require(channels != null, "channels required");
    }

    /**
     * The study's settings: 44.1 kHz, n_fft 4096, hop 512, 224 mels, windows of 132,299 samples (the length of an
     * IRMAS training clip, 3 s), frames 1..256.
     */
    public static FeatureSettings study(ChannelMode channels) {
        return new FeatureSettings(44_100, 132_299, 4096, 512, 224, 0.0, 22_050.0, 1e-10, 80.0, 1, 256,
                channels, false);
    }

    /**
     * Compact features for a tagger on a CPU: 22,050 Hz, n_fft 2,048 (93 ms), hop 512, 128 Slaney mels up to
     * 11,025 Hz, 3-s windows (66,150 samples), frames 1..128; the study's dB scaling. A window holds 3.5 times fewer
     * values than the study's 224 × 256, and instruments' timbre lies mostly below 11 kHz.
     */
    public static FeatureSettings compact(ChannelMode channels) {
        return new FeatureSettings(22_050, 66_150, 2048, 512, 128, 0.0, 11_025.0, 1e-10, 80.0, 1, 128, channels,
                false);
    }

    public FeatureSettings withZcrRow(boolean zcr) {
        return new FeatureSettings(sampleRate, windowFrames, nFft, hopLength, nMels, fMin, fMax, amin, topDb,
                firstFrame, frames, channels, zcr);
    }

    public FeatureSettings withFMax(double hz) {
        return new FeatureSettings(sampleRate, windowFrames, nFft, hopLength, nMels, fMin, hz, amin, topDb,
                firstFrame, frames, channels, zcrRow);
    }

    public FeatureSettings withChannels(ChannelMode mode) {
        return new FeatureSettings(sampleRate, windowFrames, nFft, hopLength, nMels, fMin, fMax, amin, topDb,
                firstFrame, frames, mode, zcrRow);
    }

    /** FFT bins: {@code nFft / 2 + 1}. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** STFT frames of one centred window: {@code 1 + windowFrames / hopLength}. */
    public int stftFrames() {
        return 1 + windowFrames / hopLength;
    }

    /** Rows of a map that hold dB values: all but a zero-crossing-rate row. */
    public int decibelRows() {
        return zcrRow ? nMels - 1 : nMels;
    }

    /** Shape of one example: {@code (maps, nMels, frames)}. */
    public long[] mapShape() {
        return new long[]{channels.maps(), nMels, frames};
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("FeatureSettings: " + message);
        }
    }
}
