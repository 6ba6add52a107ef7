package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;

/**
 * Hands a batch of feature maps to a network in PyTorch's channels-last memory format: the array is
 * {@code (B, C, H, W)} as every block expects, but its values lie in memory as {@code (B, H, W, C)}.
 *
 * <p>PyTorch's CPU convolutions run on oneDNN, whose fast kernels want the channels innermost. Given plain
 * {@code (B, C, H, W)} arrays, PyTorch reorders every convolution's input and output to oneDNN's blocked layout
 * and back, in the forward pass and again in the backward pass; given a channels-last input, convolution, batch
 * norm and activation all produce channels-last outputs and the reorders disappear. The values are the same, so
 * only float rounding in the kernels differs; a network sees the same shapes.
 */
public final class NetworkInput {

    private NetworkInput() {
    }

    /**
     * @param features {@code n} examples of {@code example = (C, H, W)}, flattened in that order
     * @param example  one example's shape
     * @return {@code (n, C, H, W)} laid out channels-last
     */
    public static NDArray channelsLast(NDManager manager, float[] features, int n, Shape example) {
        int c = (int) example.get(0);
        int h = (int) example.get(1);
        int w = (int) example.get(2);
        float[] nhwc = features;
        if (c > 1) {
            // Interleave the maps: value (b, k, y, x) moves to ((b * h + y) * w + x) * c + k.
            nhwc = new float[features.length];
            int plane = h * w;
            for (int b = 0; b < n; b++) {
                int from = b * c * plane;
                for (int k = 0; k < c; k++) {
                    int src = from + k * plane;
                    int dst = from + k;
                    for (int p = 0; p < plane; p++) {
                        nhwc[dst + p * c] = features[src + p];
                    }
                }
            }
        }
        // With one map the two layouts hold the values in the same order: only the strides differ.
        return manager.create(FloatBuffer.wrap(nhwc), new Shape(n, h, w, c)).transpose(0, 3, 1, 2);
    }
}
