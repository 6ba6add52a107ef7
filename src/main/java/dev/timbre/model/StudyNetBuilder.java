package dev.timbre.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

import java.util.function.IntFunction;

/**
 * Builds the study's Model 1 and Model 2 and their variants: the options they share (width n, activation, the
 * dense head) and the four convolution blocks, so that each architecture only says how its network differs.
 * {@code setBaseChannels} and {@code setNumClasses} are required.
 */
public final class StudyNetBuilder {

    /** An architecture's network from the builder's options. */
    @FunctionalInterface
    interface Network {
        Block build(StudyNetBuilder options);
    }

    private final String name;
    private final Network network;

    int baseChannels;
    int numClasses;
    Nonlinearity nonlinearity = Nonlinearity.RELU;
    float negativeSlope = Nonlinearity.STUDY_LEAKY_SLOPE;
    int hiddenUnits;
    float dropout;

    StudyNetBuilder(String name, Network network) {
        this.name = name;
        this.network = network;
    }

    public Block build() {
        validate();
        return network.build(this);
    }

    /** The study's n (16 or 32): conv blocks of n, 2n, 4n and 8n channels. */
    public StudyNetBuilder setBaseChannels(int baseChannels) {
        this.baseChannels = baseChannels;
        return this;
    }

    public StudyNetBuilder setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return this;
    }

    /** Default ReLU; the slope is used by leaky ReLU only (study: 0.3). */
    public StudyNetBuilder optNonlinearity(Nonlinearity nonlinearity, float negativeSlope) {
        this.nonlinearity = nonlinearity;
        this.negativeSlope = negativeSlope;
        return this;
    }

    /** Units of the hidden dense layer; default {@code 8 * numClasses} (88 for IRMAS), as in the study. */
    public StudyNetBuilder optHiddenUnits(int hiddenUnits) {
        this.hiddenUnits = hiddenUnits;
        return this;
    }

    /** Dropout before the output layer; default 0 (none, as in the study). */
    public StudyNetBuilder optDropout(float dropout) {
        this.dropout = dropout;
        return this;
    }

    private void validate() {
        BuilderChecks.require(baseChannels > 0, name + ": baseChannels must be positive, got " + baseChannels);
        BuilderChecks.require(numClasses > 0, name + ": numClasses must be positive, got " + numClasses);
        BuilderChecks.require(nonlinearity != null, name + ": nonlinearity required");
        BuilderChecks.require(dropout >= 0 && dropout < 1, name + ": dropout must be in [0, 1), got " + dropout);
    }

    /**
     * The four convolution blocks of n, 2n, 4n and 8n channels, each conv3x3 + batch norm + activation.
     *
     * @param strideOf the stride of block 0 to 3
     */
    SequentialBlock convolutions(IntFunction<Shape> strideOf) {
        SequentialBlock net = new SequentialBlock();
        for (int block = 0; block < 4; block++) {
            net.add(ConvLayers.convBnAct(baseChannels << block, strideOf.apply(block), nonlinearity, negativeSlope));
        }
        return net;
    }

    /** dense(hidden) + activation [+ dropout] + dense(classes), appended to {@code net}. */
    Block withHead(SequentialBlock net) {
        int units = hiddenUnits > 0 ? hiddenUnits : 8 * numClasses;
        net.add(Linear.builder().setUnits(units).build()).add(nonlinearity.block(negativeSlope));
        if (dropout > 0) {
            net.add(Dropout.builder().optRate(dropout).build());
        }
        return net.add(Linear.builder().setUnits(numClasses).build());
    }
}
