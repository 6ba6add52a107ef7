package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * Model 1's convolutions with a head that pools over time: the network says which instruments play in the window,
 * wherever in the window they play, and keeps where in frequency they sound (their register and formants).
 * Model 1 flattens its last maps into a dense layer that holds one weight per (channel, band, frame) and so
 * learns the position in time of what it heard; pooling removes that, and with it 94% of the weights.
 *
 * <pre>
 * (B, C, F, T)                           input: mel bands x frames
 * 4 x (conv3x3/2 + BN + act)  -> (B, 8n, F/16, T/16)
 * mean and max over time      -> (B, 2, 8n, F/16)
 * flatten                     -> (B, 16n * F/16)
 * dense + act                 -> (B, 8 * classes)
 * [dropout]
 * dense                       -> (B, classes) logits
 * </pre>
 */
public final class PooledCnn {

    private PooledCnn() {
    }

    public static StudyNetBuilder builder() {
        return new StudyNetBuilder("PooledCnn", PooledCnn::network);
    }

    private static Block network(StudyNetBuilder b) {
        SequentialBlock net = b.convolutions(block -> new Shape(2, 2));
        net.add(LambdaBlock.singleton(PooledCnn::poolTime, "poolTime"));
        return b.withHead(net);
    }

    /**
     * {@code (B, C, F, T) -> (B, 2 * C * F)}: the mean over time, then the maximum over time. Both are taken as
     * pooling windows one band high and the whole window long: on the channels-last maps the convolutions leave,
     * the engine's pooling kernels do this several times faster than its general mean and max over an axis (the max
     * also finds where each maximum lies, which nothing here needs); the values are the same up to float rounding.
     */
    static NDArray poolTime(NDArray maps) {
        long batch = maps.getShape().get(0);
        Shape wholeTime = new Shape(1, maps.getShape().get(3));
        Shape noPadding = new Shape(0, 0);
        NDArray mean = Pool.avgPool2d(maps, wholeTime, wholeTime, noPadding, false, true).reshape(batch, -1);
        NDArray max = Pool.maxPool2d(maps, wholeTime, wholeTime, noPadding, false).reshape(batch, -1);
        return NDArrays.concat(new ai.djl.ndarray.NDList(mean, max), 1);
    }
}
