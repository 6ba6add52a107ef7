package dev.timbre.predict;

import dev.timbre.bundle.ModelBundle;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.timbre.feature.MelSpectrogram;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.BlockByBlock;
import dev.timbre.model.NativeWork;
import dev.timbre.model.NetworkInput;

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
        // PyTorch gives a convolution of one example holding at most 20,480 values (a compact map, or the default
        // network's fourth block) not to oneDNN but to its reference kernel, whose check for NNPACK writes a warning
        // to stderr at every call on a CPU NNPACK does not support. A single window therefore runs as two copies of
        // itself, which takes oneDNN's path; the first copy's logits are the answer.
        boolean single = n == 1;
        float[] input = single ? java.util.Arrays.copyOf(flat, 2 * flat.length) : flat;
        if (single) {
            System.arraycopy(flat, 0, input, flat.length, flat.length);
        }
        int rows = single ? 2 : n;
        float[] logits = NativeWork.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = NetworkInput.channelsLast(scope, input, rows,
                        new Shape(exampleShape[0], exampleShape[1], exampleShape[2]));
                return BlockByBlock.forward(model.getBlock(), new ParameterStore(scope, false), x, false)
                        .toFloatArray();
            }
        });
        return single ? java.util.Arrays.copyOf(logits, classes) : logits;
    }

    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        model.close();
    }
}
