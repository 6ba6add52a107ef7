package dev.timbre.model;

import java.util.Arrays;

/**
 * Depths and widths of CoAtNet's five stages (s0 convolution stem, s1-s2 MBConv, s3-s4 Transformer) and its
 * attention heads.
 */
public enum CoAtNetSize {
    /** CoAtNet-0 of Dai et al. (2021): blocks [2, 2, 3, 5, 2], widths [64, 96, 192, 384, 768], 8 heads of 32. */
    COATNET_0(new int[]{2, 2, 3, 5, 2}, new int[]{64, 96, 192, 384, 768}, 8, 32),
    /**
     * A CPU-sized variant of ours, not from the paper: blocks [1, 1, 1, 2, 1], half of CoAtNet-0's widths
     * ([32, 48, 96, 192, 384]) and 4 heads of 32. Mono 224 x 224 with 11 classes: 1,479,308 trainable
     * parameters; its forward pass is about five times faster than CoAtNet-0's (see README).
     */
    NANO(new int[]{1, 1, 1, 2, 1}, new int[]{32, 48, 96, 192, 384}, 4, 32);

    private final int[] blocks;
    private final int[] widths;
    private final int heads;
    private final int headDim;

    CoAtNetSize(int[] blocks, int[] widths, int heads, int headDim) {
        this.blocks = blocks;
        this.widths = widths;
        this.heads = heads;
        this.headDim = headDim;
    }

    /** Blocks in stages s0..s4. */
    public int[] blocks() {
        return Arrays.copyOf(blocks, blocks.length);
    }

    /** Output channels of stages s0..s4. */
    public int[] widths() {
        return Arrays.copyOf(widths, widths.length);
    }

    /** Attention heads of the Transformer stages. */
    public int heads() {
        return heads;
    }

    /** Dimensions per attention head. */
    public int headDim() {
        return headDim;
    }
}
