package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Applies an {@link InputNorm} to {@code (B, C, H, W)} maps of H bands and W frames, each example and channel on
 * its own; the same in training and inference, with no parameters.
 */
public final class BandNormalization extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Degree of the polynomial across bands that {@link InputNorm#SPECTRAL_TILT} removes. */
    static final int TILT_DEGREE = 2;

    private final InputNorm norm;

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
        NDArray mean = x.mean(new int[]{3}, true); // (B, C, H, 1)
        if (norm == InputNorm.BAND_MEAN) {
            return new NDList(x.sub(mean));
        }
        int bands = (int) s.get(2);
        NDArray projection = x.getManager().create(polynomialProjection(bands, TILT_DEGREE), new Shape(bands, bands));
        NDArray fit = mean.reshape(-1, bands).matMul(projection).reshape(s.get(0), s.get(1), bands, 1);
        return new NDList(x.sub(fit));
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
