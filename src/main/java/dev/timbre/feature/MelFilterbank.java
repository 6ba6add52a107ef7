package dev.timbre.feature;

/**
 * librosa's {@code filters.mel} (Slaney mel scale, {@code htk=False}, {@code norm="slaney"}), held sparsely:
 * each triangular filter is stored as its first non-zero bin and its run of weights, since only a few thousand
 * of the {@code nMels × (nFft/2 + 1)} weights are non-zero (about 4,000 of 224 × 2,049 for the study).
 */
public final class MelFilterbank {

    private final int nMels;
    private final int bins;
    private final int[] firstBin;
    private final float[][] weights;

    private MelFilterbank(int nMels, int bins, int[] firstBin, float[][] weights) {
        this.nMels = nMels;
        this.bins = bins;
        this.firstBin = firstBin;
        this.weights = weights;
    }

    /**
     * Builds the filterbank in double precision and rounds the weights to float, as librosa does.
     *
     * @param sampleRate Hz (study: 44,100)
     * @param nFft       FFT size (study: 4,096)
     * @param nMels      bands (study: 224)
     * @param fMin       lowest edge, Hz (librosa default 0)
     * @param fMax       highest edge, Hz (librosa default sampleRate / 2)
     */
    public static MelFilterbank slaney(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
        if (nMels <= 0 || nFft <= 0 || sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate, nFft and nMels must be positive");
        }
        if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("need 0 <= fMin < fMax <= sampleRate/2, got " + fMin + ", " + fMax);
        }
        int bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
        }
        double minMel = hzToMel(fMin);
        double maxMel = hzToMel(fMax);
        double[] melF = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            melF[i] = melToHz(minMel + (maxMel - minMel) * i / (nMels + 1));
        }
        int[] first = new int[nMels];
        float[][] w = new float[nMels][];
        for (int m = 0; m < nMels; m++) {
            double lowDiff = melF[m + 1] - melF[m];
            double highDiff = melF[m + 2] - melF[m + 1];
            double enorm = 2.0 / (melF[m + 2] - melF[m]);
            float[] row = new float[bins];
            int lo = -1;
            int hi = -1;
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - melF[m]) / lowDiff;
                double upper = (melF[m + 2] - fftFreqs[k]) / highDiff;
                double v = Math.max(0, Math.min(lower, upper)) * enorm;
                row[k] = (float) v;
                if (row[k] != 0f) {
                    if (lo < 0) {
                        lo = k;
                    }
                    hi = k;
                }
            }
            if (lo < 0) {
                first[m] = 0;
                w[m] = new float[0];
            } else {
                first[m] = lo;
                w[m] = java.util.Arrays.copyOfRange(row, lo, hi + 1);
            }
        }
        return new MelFilterbank(nMels, bins, first, w);
    }

    /** Slaney's mel scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above. */
    public static double hzToMel(double hz) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
    }

    /** Inverse of {@link #hzToMel}. */
    public static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
    }

    public int nMels() {
        return nMels;
    }

    public int bins() {
        return bins;
    }

    /** Number of stored (non-zero) weights. */
    public int nonZero() {
        int n = 0;
        for (float[] r : weights) {
            n += r.length;
        }
        return n;
    }

    /** The full matrix {@code (nMels, bins)}, for tests and plots. */
    public float[][] dense() {
        float[][] d = new float[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            System.arraycopy(weights[m], 0, d[m], firstBin[m], weights[m].length);
        }
        return d;
    }

    /**
     * Applies the filterbank to a power spectrogram.
     *
     * @param power {@code (frames, bins)} as {@link Stft#power} returns it
     * @return {@code (nMels, frames)}
     */
    public float[][] apply(float[][] power) {
        int frames = power.length;
        float[][] out = new float[nMels][frames];
        for (int t = 0; t < frames; t++) {
            applyFrame(power[t], out, t);
        }
        return out;
    }

    /** First non-zero bin of band {@code m}. */
    int firstBin(int m) {
        return firstBin[m];
    }

    /** The non-zero run of band {@code m}'s weights, starting at {@link #firstBin}; not a copy. */
    float[] weightsOf(int m) {
        return weights[m];
    }

    /**
     * Filters one frame's power spectrum into column {@code t} of {@code out}.
     *
     * @param power {@code (bins)}
     * @param out   {@code (nMels, frames)}
     */
    public void applyFrame(float[] power, float[][] out, int t) {
        if (power.length != bins) {
            throw new IllegalArgumentException("spectrum has " + power.length + " bins, filterbank expects " + bins);
        }
        for (int m = 0; m < nMels; m++) {
            float[] w = weights[m];
            int off = firstBin[m];
            float acc = 0f;
            for (int k = 0; k < w.length; k++) {
                acc += w[k] * power[off + k];
            }
            out[m][t] = acc;
        }
    }
}
