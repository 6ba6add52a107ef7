package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;

/**
 * Applies an {@link InputNorm} to {@code (B, C, H, W)} maps of H bands and W frames, each example and channel on
 * its own; the same in training and inference, with no parameters.
 */
public final class BandNormalization extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Degree of the polynomial across bands that {@link InputNorm#SPECTRAL_TILT} removes. */
    static final int TILT_DEGREE = 2;

    private static final FeatureSettings COMPACT = FeatureSettings.compact(ChannelMode.MONO);
    /** {@link InputNorm#PCEN}'s smoother time constant in frames: librosa's 0.4 s at the compact features' rate. */
    static final double PCEN_TIME_CONSTANT_FRAMES = 0.4 * COMPACT.sampleRate() / COMPACT.hopLength();
    /** librosa's default gain, bias, power and floor for {@link InputNorm#PCEN}. */
    static final double PCEN_GAIN = 0.98;
    static final double PCEN_BIAS = 2;
    static final double PCEN_POWER = 0.5;
    static final double PCEN_EPS = 1e-6;

    private final InputNorm norm;
    /** The fixed matrix of the last map size seen (tilt's projection or PCEN's smoother); the same for every pass. */
    private volatile SizedMatrix matrix;

    private record SizedMatrix(int size, float[] values) {
    }

    public BandNormalization(InputNorm norm) {
        super(VERSION);
        BuilderChecks.require(norm != null && norm != InputNorm.NONE,
                "BandNormalization: a normalisation other than NONE required");
        this.norm = norm;
    }

    public InputNorm norm() {
        return norm;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (norm == InputNorm.PCEN) {
            return new NDList(pcen(x));
        }
        NDArray mean = x.mean(new int[]{3}, true); // (B, C, H, 1)
        if (norm == InputNorm.BAND_MEAN) {
            return new NDList(x.sub(mean));
        }
        int bands = (int) s.get(2);
        NDArray projection = x.getManager().create(matrix(bands), new Shape(bands, bands));
        NDArray fit = mean.reshape(-1, bands).matMul(projection).reshape(s.get(0), s.get(1), bands, 1);
        return new NDList(x.sub(fit));
    }

    /**
     * PCEN of dB maps: back to power, smoothed along the frames by the first-order filter
     * {@code M[t] = (1 - b) M[t-1] + b E[t]} started at the first frame's value (as librosa starts it), then
     * {@code (E / (eps + M)^gain + bias)^power - bias^power}. The filter is linear, so it runs as one product
     * with the {@link #smoothingMatrix}.
     */
    private NDArray pcen(NDArray x) {
        Shape s = x.getShape();
        int frames = (int) s.get(3);
        NDArray power = x.mul(Math.log(10) / 10).exp();
        NDArray smoothing = x.getManager().create(matrix(frames), new Shape(frames, frames));
        NDArray smooth = power.reshape(-1, frames).matMul(smoothing).reshape(s);
        NDArray ratio = power.div(smooth.add(PCEN_EPS).pow(PCEN_GAIN));
        return ratio.add(PCEN_BIAS).pow(PCEN_POWER).sub(Math.pow(PCEN_BIAS, PCEN_POWER));
    }

    /** This norm's fixed {@code n × n} matrix, computed once for each size rather than at every pass. */
    private float[] matrix(int n) {
        SizedMatrix m = matrix;
        if (m == null || m.size() != n) {
            m = new SizedMatrix(n, norm == InputNorm.PCEN ? smoothingMatrix(n, smoothingCoefficient())
                    : polynomialProjection(n, TILT_DEGREE));
            matrix = m;
        }
        return m.values();
    }

    /** librosa's smoothing coefficient for a time constant of T frames: {@code (sqrt(1 + 4T²) - 1) / (2T²)}. */
    static double smoothingCoefficient() {
        double t = PCEN_TIME_CONSTANT_FRAMES;
        return (Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
    }

    /**
     * The {@code n × n} matrix K, row-major, with {@code (E K)[t] = M[t]} for a row E of n frames: column t holds
     * {@code b (1 - b)^(t - j)} in rows j ≤ t, and row 0 also the filter's starting state {@code (1 - b)^(t + 1)}.
     */
    static float[] smoothingMatrix(int n, double b) {
        float[] k = new float[n * n];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j <= t; j++) {
                k[j * n + t] = (float) (b * Math.pow(1 - b, t - j));
            }
            k[t] += (float) Math.pow(1 - b, t + 1);
        }
        return k;
    }

    /**
     * The {@code n × n} matrix, row-major, that projects a vector over {@code n} bands onto the polynomials of the
     * band index up to {@code degree}: {@code Q Qᵀ} with Q's columns an orthonormal basis of that space (Gram-Schmidt
     * on 1, t, t², … with t the band index scaled to [-1, 1]). Symmetric, so it multiplies from either side.
     */
    static float[] polynomialProjection(int n, int degree) {
        int k = Math.min(degree + 1, n);
        double[][] q = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                double t = n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
                q[j][i] = Math.pow(t, j);
            }
            // Twice through Gram-Schmidt keeps the basis orthogonal to rounding.
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[j][i] * q[p][i];
                    }
                    for (int i = 0; i < n; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        float[] projection = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += q[j][r] * q[j][c];
                }
                projection[r * n + c] = (float) sum;
            }
        }
        return projection;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }
}
