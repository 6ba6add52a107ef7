package dev.timbre.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
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
        return copyOf(manager, nhwc, new Shape(n, h, w, c)).transpose(0, 3, 1, 2);
    }

    /**
     * A float array of {@code shape} in the engine's own memory, holding a copy of {@code values}.
     *
     * <p>Given a Java array, DJL's {@code NDManager.create} allocates a new zeroed direct buffer for every call,
     * copies into it and lends it to the tensor; that buffer's memory goes back only when the garbage collector
     * runs its cleaner, so at a batch of 64 compact maps (4 MiB) each call touches fresh pages and the direct
     * memory piles up between collections. On the CPU, PyTorch's engine hands out a tensor's own memory instead,
     * so the values are written once into an empty tensor from its allocator (docs/measurements.md, "Handing a
     * batch to the engine"). Elsewhere DJL's copy stands.
     */
    public static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        if (!writableInPlace(manager)) {
            return manager.create(FloatBuffer.wrap(values), shape);
        }
        NDArray array = manager.create(shape, DataType.FLOAT32);
        ByteBuffer memory = array.toByteBuffer(true);
        memory.asFloatBuffer().put(values);
        return array;
    }

    /** PyTorch's CPU tensors expose their memory as a direct buffer; other engines and devices give a copy. */
    private static boolean writableInPlace(NDManager manager) {
        return Device.Type.CPU.equals(manager.getDevice().getDeviceType())
                && "PyTorch".equals(manager.getEngine().getEngineName());
    }
}
