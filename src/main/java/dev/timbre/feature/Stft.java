package dev.timbre.feature;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time Fourier transform as librosa 0.9 computes it with {@code center=True, pad_mode="constant"}: the
 * signal is padded with {@code nFft / 2} zeros on each side and frame {@code t} starts at padded sample
 * {@code t * hop}, so it is centred on original sample {@code t * hop}.
 *
 * <p>{@link #melPower}, the path every feature takes, runs on SIMD lanes ({@link LaneMelStft}) when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the {@code timbre} launcher does) and on JTransforms
 * otherwise; {@code -Dtimbre.simd=false} forces the latter. The two agree to float rounding.
 *
 * <p>An instance holds the window and the FFT plans; every method is safe to call from several threads at once
 * (each call uses its own scratch buffers).
 */
public final class Stft {

    private final int nFft;
    private final int hop;
    private final float[] window;
    private final FloatFFT_1D fft;
    /** Null when the Vector API is absent or disabled. */
    private final LaneMelStft lanes;

    /**
     * @param nFft   FFT size and window length, a power of two (study: 4096)
     * @param hop    samples between frames (study: 512)
     * @param window {@code (nFft)} analysis window, e.g. {@link Windows#hannPeriodic}
     */
    public Stft(int nFft, int hop, float[] window) {
        if (nFft <= 0 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two, got " + nFft);
        }
        if (hop <= 0) {
            throw new IllegalArgumentException("hop must be positive, got " + hop);
        }
        if (window.length != nFft) {
            throw new IllegalArgumentException("window length " + window.length + " != nFft " + nFft);
        }
        this.nFft = nFft;
        this.hop = hop;
        this.window = window.clone();
        this.fft = new FloatFFT_1D(nFft);
        // nFft below 4 has no radix-4 stage; no feature setting uses one, and the cache key does not tell it apart
        this.lanes = nFft >= 4 && SimdSupport.enabled() ? new LaneMelStft(nFft, hop, window) : null;
        if (lanes != null) {
            SimdSupport.warmUp(nFft, hop, window);
        }
    }

    /** The mel path's kernel in this JVM, for reports: {@code "SIMD, 8 lanes"} or {@code "JTransforms"}. */
    public static String melKernel() {
        return SimdSupport.enabled() ? "SIMD, " + LaneMelStft.lanes() + " lanes" : "JTransforms";
    }

    /**
     * Which implementation {@link #melPower} runs in this JVM. Part of the feature-cache key: the two differ in
     * their last bits, and a run should not train on a mixture of both that depends on what was cached before.
     * (The lane count does not enter: every lane performs the same operations in the same order. Version 2:
     * {@code power_to_db} moved onto lanes too, so entries written by version 1 are not reused.)
     */
    public static String melKernelId() {
        return SimdSupport.enabled() ? "simd-lanes-2" : "jtransforms";
    }

    /** Frames of a centred STFT of {@code samples} samples: {@code 1 + samples / hop}. */
    public int frames(int samples) {
        return 1 + samples / hop;
    }

    /** Frequency bins: {@code nFft / 2 + 1}. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /**
     * Power spectrogram {@code |X|²}.
     *
     * @param y {@code (samples)} signal; not modified
     * @return {@code (frames, bins)}, frame-major so a frame's spectrum is contiguous
     */
    public float[][] power(float[] y) {
        int frames = frames(y.length);
        float[][] out = new float[frames][];
        float[] buf = new float[nFft];
        for (int t = 0; t < frames; t++) {
            frame(y, t, buf);
            fft.realForward(buf);
            out[t] = new float[nFft / 2 + 1];
            powerOf(buf, out[t]);
        }
        return out;
    }

    /**
     * Mel power spectrogram, fused: each frame's power spectrum goes through the filterbank while it is still in
     * cache, so no {@code (frames, bins)} array is ever allocated (the fastest path measured here).
     *
     * @param y          {@code (samples)} signal
     * @param filterbank mel filterbank for {@code nFft}
     * @return {@code (nMels, frames)}
     */
    public float[][] melPower(float[] y, MelFilterbank filterbank) {
        if (filterbank.bins() != bins()) {
            throw new IllegalArgumentException(
                    "filterbank expects " + filterbank.bins() + " bins, STFT gives " + bins());
        }
        if (lanes != null) {
            return lanes.melPower(y, filterbank);
        }
        return melPowerScalar(y, filterbank);
    }

    /** {@link #melPower} on JTransforms, one frame at a time, whatever the JVM offers. */
    float[][] melPowerScalar(float[] y, MelFilterbank filterbank) {
        int frames = frames(y.length);
        float[][] out = new float[filterbank.nMels()][frames];
        float[] buf = new float[nFft];
        float[] power = new float[bins()];
        for (int t = 0; t < frames; t++) {
            frame(y, t, buf);
            fft.realForward(buf);
            powerOf(buf, power);
            filterbank.applyFrame(power, out, t);
        }
        return out;
    }

    /**
     * Magnitude spectrogram {@code |X|} (for plots).
     *
     * @param y {@code (samples)} signal
     * @return {@code (frames, bins)}
     */
    public float[][] magnitude(float[] y) {
        float[][] p = power(y);
        for (float[] row : p) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) Math.sqrt(row[k]);
            }
        }
        return p;
    }

    /** Windowed frame {@code t} of the zero-padded signal into {@code buf}. */
    private void frame(float[] y, int t, float[] buf) {
        int start = t * hop - nFft / 2; // in original-signal coordinates
        for (int i = 0; i < nFft; i++) {
            int s = start + i;
            buf[i] = s >= 0 && s < y.length ? y[s] * window[i] : 0f;
        }
    }

    /** Unpacks JTransforms' real-FFT layout (re0, re(n/2), re1, im1, ...) into bin powers. */
    private void powerOf(float[] a, float[] p) {
        int bins = nFft / 2 + 1;
        p[0] = a[0] * a[0];
        p[bins - 1] = a[1] * a[1];
        for (int k = 1; k < bins - 1; k++) {
            float re = a[2 * k];
            float im = a[2 * k + 1];
            p[k] = re * re + im * im;
        }
    }
}
