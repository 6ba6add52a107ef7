package dev.timbre.feature;

/**
 * librosa's {@code feature.zero_crossing_rate} with {@code center=True}: the signal is padded with
 * {@code frameLength / 2} copies of its edge samples on each side (not zeros), values with
 * {@code |y| <= 1e-10} count as zero and zero counts as positive, a crossing is marked at a sample whose sign
 * differs from the previous sample's (never at a frame's first sample), and the rate is crossings / frameLength.
 */
public final class ZeroCrossingRate {

    /** librosa's threshold below which a sample counts as zero. */
    public static final double THRESHOLD = 1e-10;

    private ZeroCrossingRate() {
    }

    /**
     * @param y           {@code (samples)} signal
     * @param frameLength samples per frame (study: 4096)
     * @param hop         samples between frames (study: 512)
     * @return {@code (1 + samples / hop)} rates in [0, 1]
     */
    public static float[] compute(float[] y, int frameLength, int hop) {
        if (y.length == 0) {
            throw new IllegalArgumentException("empty signal");
        }
        int pad = frameLength / 2;
        int padded = y.length + 2 * pad;
        int frames = 1 + (padded - frameLength) / hop;
        // negative[i]: sign bit of padded sample i after thresholding; crossing[i]: differs from sample i-1.
        boolean[] negative = new boolean[padded];
        for (int i = 0; i < padded; i++) {
            int s = Math.min(Math.max(i - pad, 0), y.length - 1);
            float v = y[s];
            negative[i] = Math.abs(v) > THRESHOLD && v < 0;
        }
        int[] prefix = new int[padded + 1];
        for (int i = 1; i < padded; i++) {
            prefix[i + 1] = prefix[i] + (negative[i] != negative[i - 1] ? 1 : 0);
        }
        float[] out = new float[frames];
        for (int t = 0; t < frames; t++) {
            int a = t * hop;
            int b = a + frameLength;
            // Crossings at samples a+1 .. b-1 (the frame's first sample never counts).
            int count = prefix[b] - prefix[a + 1];
            out[t] = (float) count / frameLength;
        }
        return out;
    }
}
