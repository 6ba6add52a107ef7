package dev.timbre.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The options the study's Model 1 and Model 2 share (width n, activation, the dense head), so that each
 * architecture's builder only says how its body differs.
 *
 * @param <T> the concrete builder, returned by the setters
 */
abstract class StudyNetBuilder<T extends StudyNetBuilder<T>> {

    int baseChannels;
    int numClasses;
    Nonlinearity nonlinearity = Nonlinearity.RELU;
    float negativeSlope = Nonlinearity.STUDY_LEAKY_SLOPE;
    int hiddenUnits;
    float dropout;

    abstract T self();

    /** The study's n (16 or 32): conv blocks of n, 2n, 4n and 8n channels. */
    public T setBaseChannels(int baseChannels) {
        this.baseChannels = baseChannels;
        return self();
    }

    public T setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /** Default ReLU; the slope is used by leaky ReLU only (study: 0.3). */
    public T optNonlinearity(Nonlinearity nonlinearity, float negativeSlope) {
        this.nonlinearity = nonlinearity;
        this.negativeSlope = negativeSlope;
        return self();
    }

    /** Units of the hidden dense layer; default {@code 8 * numClasses} (88 for IRMAS), as in the study. */
    public T optHiddenUnits(int hiddenUnits) {
        this.hiddenUnits = hiddenUnits;
        return self();
    }

    /** Dropout before the output layer; default 0 (none, as in the study). */
    public T optDropout(float dropout) {
        this.dropout = dropout;
        return self();
    }

    void validate(String name) {
        BuilderChecks.require(baseChannels > 0, name + ": baseChannels must be positive, got " + baseChannels);
        BuilderChecks.require(numClasses > 0, name + ": numClasses must be positive, got " + numClasses);
        BuilderChecks.require(nonlinearity != null, name + ": nonlinearity required");
        BuilderChecks.require(dropout >= 0 && dropout < 1, name + ": dropout must be in [0, 1), got " + dropout);
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
