package dev.timbre.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;

/** The element-wise nonlinearity after each convolution and hidden dense layer of the study's CNNs. */
public enum Nonlinearity {
    /** {@code max(0, x)}; the slope is ignored. */
    RELU,
    /** {@code x} for positive inputs, {@code slope * x} otherwise (PyTorch's {@code LeakyReLU(negative_slope)}). */
    LEAKY_RELU;

    /** The slope the study used when it switched to leaky ReLU. */
    public static final float STUDY_LEAKY_SLOPE = 0.3f;

    /** A parameter-free block applying this nonlinearity; {@code negativeSlope} matters only for leaky ReLU. */
    public Block block(float negativeSlope) {
        return switch (this) {
            case RELU -> Activation.reluBlock();
            case LEAKY_RELU -> Activation.leakyReluBlock(negativeSlope);
        };
    }
}
