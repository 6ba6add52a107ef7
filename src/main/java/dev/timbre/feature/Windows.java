package dev.timbre.feature;

/** Analysis windows. */
public final class Windows {

    private Windows() {
    }

    /**
     * The periodic Hann window (scipy's {@code get_window('hann', n, fftbins=True)}, librosa's default):
     * {@code w[k] = 0.5 - 0.5 cos(2πk / n)}, {@code k = 0..n-1}.
     *
     * @param n window length in samples
     * @return {@code (n)}
     */
    public static float[] hannPeriodic(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + n);
        }
        float[] w = new float[n];
        for (int k = 0; k < n; k++) {
            w[k] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * k / n));
        }
        return w;
    }
}
