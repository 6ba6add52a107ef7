package dev.timbre.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Convolution layers shared by the study's CNN and CRNN. */
final class ConvLayers {

    private ConvLayers() {
    }

    /**
     * 3x3 convolution (padding 1, with bias, as PyTorch's default {@code Conv2d}), batch norm, nonlinearity.
     * DJL's batch norm defaults (epsilon 1e-5, running average keeping 0.9 of the old value) are PyTorch's
     * (epsilon 1e-5, momentum 0.1 for the new batch).
     * {@code (B, C, H, W) -> (B, filters, floor((H - 1) / sh) + 1, floor((W - 1) / sw) + 1)}.
     */
    static SequentialBlock convBnAct(int filters, Shape stride, Nonlinearity nonlinearity, float negativeSlope) {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .setFilters(filters)
                        .optStride(stride)
                        .optPadding(new Shape(1, 1))
                        .build())
                .add(BatchNorm.builder().build())
                .add(nonlinearity.block(negativeSlope));
    }
}
