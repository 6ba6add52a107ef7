package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * CoAtNet (Dai, Liu, Le and Tan, 2021), laid out as the PyTorch {@code coatnet.py} of chinhsuanwu that the
 * study used, so that CoAtNet-0 on a mono 224 x 224 input with 11 classes has the same 17,028,920 trainable
 * parameters.
 *
 * <pre>
 * (B, C, H, W)                                     H, W multiples of 32 (study: 224 x 224)
 * s0: L0 x (conv3x3 + BN + GELU), first stride 2   -> (B, D0, H/2,  W/2)
 * s1: L1 x MBConv                                  -> (B, D1, H/4,  W/4)
 * s2: L2 x MBConv                                  -> (B, D2, H/8,  W/8)
 * s3: L3 x Transformer                             -> (B, D3, H/16, W/16)
 * s4: L4 x Transformer                             -> (B, D4, H/32, W/32)
 * global average pool                              -> (B, D4)
 * dense, no bias                                   -> (B, classes) logits
 * </pre>
 *
 * <p>The first block of each stage s1..s4 halves the resolution; its shortcut is max-pool 3/2 (padding 1) and a
 * bias-free 1x1 projection to the new width, and its residual branch sees the unpooled input (MBConv) or a
 * second max-pool of it (Transformer). The other blocks keep the identity shortcut.
 *
 * <p>MBConv, pre-normed by batch norm: 1x1 expansion to {@code 4 C_in} (stride 2 when downsampling) + BN +
 * GELU, 3x3 depth-wise + BN + GELU, squeeze-excitation to {@code C_in / 4} units (bias-free, GELU, sigmoid),
 * 1x1 projection + BN. Transformer, pre-normed by layer norm: {@link RelativeSelfAttention} with a relative
 * bias table per stage resolution, then a residual feed-forward {@code D -> 4 C_in -> D} with GELU. As in the
 * reference, the expansions are computed from the block's input width {@code C_in}, which differs from
 * {@code D} in the first block of a stage.
 *
 * <p>The reference pools with a fixed {@code H/32} kernel, which only reduces square maps to one value; a
 * global average pool is the same for square inputs and also accepts 224 x 256 spectrograms.
 */
public final class CoAtNet {

    private CoAtNet() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setNumClasses} and {@code setInputSize} are required. */
    public static final class Builder {
        private int numClasses;
        private int height;
        private int width;
        private CoAtNetSize size = CoAtNetSize.COATNET_0;
        private float dropout;

        private Builder() {
        }

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Input height (mel bands) and width (frames); both must be multiples of 32. The relative position
         * tables of s3 and s4 are sized for {@code (H/16, W/16)} and {@code (H/32, W/32)} maps.
         */
        public Builder setInputSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Stage depths, widths and heads; default CoAtNet-0. */
        public Builder optSize(CoAtNetSize size) {
            this.size = size;
            return this;
        }

        /** Dropout after the attention and feed-forward projections; default 0 as in the reference. */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        public Block build() {
            BuilderChecks.require(numClasses > 0, "CoAtNet: numClasses must be positive, got " + numClasses);
            BuilderChecks.require(height > 0 && width > 0 && height % 32 == 0 && width % 32 == 0,
                    "CoAtNet: input size must be positive multiples of 32, got " + height + "x" + width);
            BuilderChecks.require(size != null, "CoAtNet: size required");
            BuilderChecks.require(dropout >= 0 && dropout < 1, "CoAtNet: dropout must be in [0, 1), got " + dropout);
            int[] blocks = size.blocks();
            int[] widths = size.widths();

            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < blocks[0]; i++) {
                net.add(stemConv(widths[0], i == 0 ? 2 : 1));
            }
            for (int stage = 1; stage <= 4; stage++) {
                int mapHeight = height >> (stage + 1);
                int mapWidth = width >> (stage + 1);
                for (int i = 0; i < blocks[stage]; i++) {
                    boolean downsample = i == 0;
                    int in = downsample ? widths[stage - 1] : widths[stage];
                    net.add(stage <= 2
                            ? mbConv(in, widths[stage], downsample)
                            : transformer(in, widths[stage], mapHeight, mapWidth, downsample));
                }
            }
            return net.add(Pool.globalAvgPool2dBlock()) // (B, D4)
                    .add(Linear.builder().setUnits(numClasses).optBias(false).build());
        }

        /** conv3x3 (no bias) + BN + GELU. */
        private static Block stemConv(int filters, int stride) {
            return new SequentialBlock()
                    .add(conv(filters, 3, stride, 1))
                    .add(BatchNorm.builder().build())
                    .add(Activation.geluBlock());
        }

        /** {@code (B, in, H, W) -> (B, out, H', W')}, {@code H' = H/2} when downsampling. */
        private static Block mbConv(int in, int out, boolean downsample) {
            int hidden = 4 * in;
            Block residual = new SequentialBlock()
                    .add(BatchNorm.builder().build()) // pre-norm
                    .add(conv(hidden, 1, downsample ? 2 : 1, 0)) // (B, 4 in, H', W')
                    .add(BatchNorm.builder().build())
                    .add(Activation.geluBlock())
                    .add(Conv2d.builder() // depth-wise
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(hidden)
                            .optGroups(hidden)
                            .optPadding(new Shape(1, 1))
                            .optBias(false)
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.geluBlock())
                    .add(squeezeExcitation(hidden, in / 4))
                    .add(conv(out, 1, 1, 0)) // (B, out, H', W')
                    .add(BatchNorm.builder().build());
            return residualSum(downsample ? pooledProjection(out) : Blocks.identityBlock(), residual);
        }

        /**
         * Scales each of {@code channels} maps by a gate computed from the map means through {@code units}
         * bias-free units: (B, C, H, W) -> (B, C, H, W).
         */
        private static Block squeezeExcitation(int channels, int units) {
            Block gate = new SequentialBlock()
                    .add(Pool.globalAvgPool2dBlock()) // (B, C)
                    .add(Linear.builder().setUnits(units).optBias(false).build())
                    .add(Activation.geluBlock())
                    .add(Linear.builder().setUnits(channels).optBias(false).build())
                    .add(Activation.sigmoidBlock()); // (B, C)
            return new ParallelBlock(branches -> {
                NDArray maps = branches.get(0).singletonOrThrow(); // (B, C, H, W)
                NDArray weights = branches.get(1).singletonOrThrow(); // (B, C)
                Shape shape = weights.getShape();
                return new NDList(maps.mul(weights.reshape(shape.get(0), shape.get(1), 1, 1)));
            }, List.of(Blocks.identityBlock(), gate));
        }

        /** {@code (B, in, 2h, 2w) -> (B, out, h, w)} when downsampling, else {@code (B, out, h, w)} kept. */
        private Block transformer(int in, int out, int mapHeight, int mapWidth, boolean downsample) {
            Block attention = new SequentialBlock()
                    .add(LambdaBlock.singleton(CoAtNet::mapToTokens, "mapToTokens")) // (B, N, in)
                    .add(LayerNorm.builder().axis(2).build()) // pre-norm
                    .add(new RelativeSelfAttention(mapHeight, mapWidth, size.heads(), size.headDim(), out,
                            dropout)) // (B, N, out)
                    .add(LambdaBlock.singleton(t -> tokensToMap(t, mapHeight, mapWidth), "tokensToMap"));
            Block attended = downsample
                    ? residualSum(pooledProjection(out), new SequentialBlock().add(maxPool()).add(attention))
                    : residualSum(Blocks.identityBlock(), attention);
            SequentialBlock feedForward = new SequentialBlock()
                    .add(LambdaBlock.singleton(CoAtNet::mapToTokens, "mapToTokens")) // (B, N, out)
                    .add(LayerNorm.builder().axis(2).build()) // pre-norm
                    .add(Linear.builder().setUnits(4L * in).build()) // (B, N, 4 in)
                    .add(Activation.geluBlock())
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(Linear.builder().setUnits(out).build()) // (B, N, out)
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(LambdaBlock.singleton(t -> tokensToMap(t, mapHeight, mapWidth), "tokensToMap"));
            return new SequentialBlock()
                    .add(attended)
                    .add(residualSum(Blocks.identityBlock(), feedForward));
        }

        /** Downsampling shortcut: max-pool 3/2 and a bias-free 1x1 projection, (B, in, H, W) -> (B, out, H/2, W/2). */
        private static Block pooledProjection(int out) {
            return new SequentialBlock().add(maxPool()).add(conv(out, 1, 1, 0));
        }

        private static Block maxPool() {
            return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
        }

        private static Block conv(int filters, int kernel, int stride, int padding) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(kernel, kernel))
                    .setFilters(filters)
                    .optStride(new Shape(stride, stride))
                    .optPadding(new Shape(padding, padding))
                    .optBias(false)
                    .build();
        }

        private static Block residualSum(Block shortcut, Block residual) {
            return new ParallelBlock(
                    branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                    Arrays.asList(shortcut, residual));
        }
    }

    /** {@code (B, C, H, W) -> (B, H * W, C)}, tokens in row-major order. */
    static NDArray mapToTokens(NDArray maps) {
        Shape shape = maps.getShape();
        return maps.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3)).transpose(0, 2, 1);
    }

    /** {@code (B, H * W, C) -> (B, C, H, W)}. */
    static NDArray tokensToMap(NDArray tokens, int height, int width) {
        Shape shape = tokens.getShape();
        return tokens.transpose(0, 2, 1).reshape(shape.get(0), shape.get(2), height, width);
    }
}
