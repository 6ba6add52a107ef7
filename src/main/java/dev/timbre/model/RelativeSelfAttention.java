package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention over the tokens of an {@code height x width} map, with CoAtNet's learned 2-D
 * relative position bias: one scalar per head for every offset {@code (dy, dx)}, a table of
 * {@code (2 height - 1) * (2 width - 1)} rows, added to the attention logits before the softmax.
 *
 * <p>{@code (B, N, C_in) -> (B, N, C_out)} with {@code N = height * width} in row-major order. Queries, keys and
 * values come from one bias-free projection to {@code 3 * heads * headDim}; the heads are merged by a projection
 * with bias to {@code C_out}. The bias table starts at zero (it is a {@link Parameter.Type#BIAS}), so training
 * begins from content-only attention.
 */
final class RelativeSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int height;
    private final int width;
    private final int heads;
    private final int headDim;
    private final long outChannels;
    /** Row of the bias table for each (query, key) pair, flattened as {@code query * N + key}. */
    private final long[] relativeIndex;

    private final Linear toQkv;
    private final Linear toOut;
    private final Dropout dropout;
    private final Parameter biasTable;

    RelativeSelfAttention(int height, int width, int heads, int headDim, long outChannels, float dropoutRate) {
        super(VERSION);
        this.height = height;
        this.width = width;
        this.heads = heads;
        this.headDim = headDim;
        this.outChannels = outChannels;
        this.relativeIndex = relativeIndex(height, width);
        toQkv = addChildBlock("toQkv", Linear.builder().setUnits(3L * heads * headDim).optBias(false).build());
        toOut = addChildBlock("toOut", Linear.builder().setUnits(outChannels).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
        biasTable = addParameter(Parameter.builder()
                .setName("relativeBiasTable")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape((2L * height - 1) * (2L * width - 1), heads))
                .build());
    }

    /**
     * For tokens {@code i = (yi, xi)} and {@code j = (yj, xj)}, the table row of the offset
     * {@code (yi - yj, xi - xj)}: {@code (yi - yj + height - 1) * (2 width - 1) + (xi - xj + width - 1)}.
     */
    static long[] relativeIndex(int height, int width) {
        int tokens = height * width;
        long[] index = new long[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                int dy = i / width - j / width + height - 1;
                int dx = i % width - j % width + width - 1;
                index[i * tokens + j] = (long) dy * (2 * width - 1) + dx;
            }
        }
        return index;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, N, C_in)
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDList qkv = toQkv.forward(parameterStore, inputs, training).singletonOrThrow()
                .split(3, 2); // 3 x (B, N, heads * headDim)
        NDArray q = splitHeads(qkv.get(0)); // (B, heads, N, headDim)
        NDArray k = splitHeads(qkv.get(1));
        NDArray v = splitHeads(qkv.get(2));

        NDArray table = parameterStore.getValue(biasTable, x.getDevice(), training); // (T, heads)
        NDArray index = x.getManager().create(relativeIndex).toDevice(x.getDevice(), false); // (N * N)
        NDArray bias = table.get(index) // (N * N, heads)
                .transpose(1, 0)
                .reshape(1, heads, tokens, tokens); // (1, heads, N, N)

        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)) // (B, heads, N, N)
                .mul(1.0 / Math.sqrt(headDim))
                .add(bias);
        NDArray merged = logits.softmax(-1)
                .matMul(v) // (B, heads, N, headDim)
                .transpose(0, 2, 1, 3)
                .reshape(batch, tokens, (long) heads * headDim); // (B, N, heads * headDim)
        NDList out = toOut.forward(parameterStore, new NDList(merged), training); // (B, N, C_out)
        return dropout.forward(parameterStore, out, training);
    }

    /** {@code (B, N, heads * headDim) -> (B, heads, N, headDim)}. */
    private NDArray splitHeads(NDArray x) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0]; // (B, N, C_in)
        checkTokens(input);
        return new Shape[]{new Shape(input.get(0), input.get(1), outChannels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0]; // (B, N, C_in)
        checkTokens(input);
        toQkv.initialize(manager, dataType, input);
        Shape merged = new Shape(input.get(0), input.get(1), (long) heads * headDim);
        toOut.initialize(manager, dataType, merged);
        dropout.initialize(manager, dataType, new Shape(input.get(0), input.get(1), outChannels));
    }

    private void checkTokens(Shape input) {
        if (input.dimension() != 3 || input.get(1) != (long) height * width) {
            throw new IllegalArgumentException("RelativeSelfAttention for a " + height + "x" + width
                    + " map expects (B, " + (height * width) + ", C), got " + input);
        }
    }
}
