package dev.timbre.predict;

import dev.timbre.bundle.ModelBundle;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
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

    /**
     * @param batchSize windows per forward pass
     * @param device    where the network runs
     */
    public WindowScorer(ModelBundle bundle, int batchSize, ComputeDevice device) throws IOException {
        this.model = bundle.loadModel(device);
        this.exampleShape = bundle.manifest().features().mapShape();
        this.classes = bundle.manifest().classes().size();
        this.batchSize = batchSize;
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

    /** Logits of {@code n} flattened examples, {@code (n * classes)}. */
    public float[] forward(float[] flat, int n) {
        return BlockByBlock.infer(model.getBlock(), model.getNDManager(), flat, n,
                new Shape(exampleShape[0], exampleShape[1], exampleShape[2]));
    }

    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        model.close();
    }
}
