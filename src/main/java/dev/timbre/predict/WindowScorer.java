package dev.timbre.predict;

import dev.timbre.bundle.ModelBundle;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.timbre.feature.BandShift;
import dev.timbre.feature.MelSpectrogram;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.BlockByBlock;

import java.io.IOException;
import java.util.List;

/**
 * Runs a bundle's network on feature windows in inference mode. Safe for concurrent callers: each call works
 * in its own sub-manager with its own parameter store, and the weights are only read.
 */
public final class WindowScorer implements AutoCloseable {

    private final Model model;
    private final long[] exampleShape;
    private final int classes;
    private final int batchSize;
    private final int testBandShift;
    private final BandShift bands;

    /**
     * @param batchSize windows per forward pass
     * @param device    where the network runs
     */
    public WindowScorer(ModelBundle bundle, int batchSize, ComputeDevice device) throws IOException {
        this.model = bundle.loadModel(device);
        this.exampleShape = bundle.manifest().features().mapShape();
        this.classes = bundle.manifest().classes().size();
        this.batchSize = batchSize;
        this.testBandShift = bundle.manifest().model().testBandShift();
        this.bands = new BandShift(bundle.manifest().features());
    }

    /**
     * @param windows each {@code (maps, nMels, frames)}
     * @return logits {@code (windows, classes)}
     */
    public float[][] logits(List<float[][][]> windows) {
        int len = (int) (exampleShape[0] * exampleShape[1] * exampleShape[2]);
        float[][] out = new float[windows.size()][];
        for (int from = 0; from < windows.size(); from += batchSize) {
            int n = Math.min(batchSize, windows.size() - from);
            float[] x = new float[n * len];
            for (int i = 0; i < n; i++) {
                MelSpectrogram.flatten(windows.get(from + i), x, i * len);
            }
            float[] y = forward(x, n);
            for (int i = 0; i < n; i++) {
                out[from + i] = java.util.Arrays.copyOfRange(y, i * classes, (i + 1) * classes);
            }
        }
        return out;
    }

    /**
     * Logits of {@code n} flattened examples, {@code (n * classes)}; with the bundle's test band shift, the mean of
     * the logits over the examples shifted by each number of bands in its range, one pass per shift.
     */
    public float[] forward(float[] flat, int n) {
        Shape example = new Shape(exampleShape[0], exampleShape[1], exampleShape[2]);
        if (testBandShift == 0) {
            return BlockByBlock.infer(model.getBlock(), model.getNDManager(), flat, n, example);
        }
        int len = flat.length / n;
        float[] shifted = new float[flat.length];
        float[] sum = new float[n * classes];
        for (int shift = -testBandShift; shift <= testBandShift; shift++) {
            float[] input = flat;
            if (shift != 0) {
                for (int i = 0; i < n; i++) {
                    bands.shift(flat, i * len, shifted, i * len, shift);
                }
                input = shifted;
            }
            float[] y = BlockByBlock.infer(model.getBlock(), model.getNDManager(), input, n, example);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += y[j];
            }
        }
        int passes = 2 * testBandShift + 1;
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= passes;
        }
        return sum;
    }

    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        model.close();
    }
}
