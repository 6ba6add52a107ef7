package dev.timbre.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The study's Model 1: four strided convolution blocks and two dense layers.
 *
 * <pre>
 * (B, C, 224, 256)                      input: C = 1 (mono) or 2 (stereo), mel bands x frames
 * conv3x3/2 + BN + act  -> (B,  n, 112, 128)
 * conv3x3/2 + BN + act  -> (B, 2n,  56,  64)
 * conv3x3/2 + BN + act  -> (B, 4n,  28,  32)
 * conv3x3/2 + BN + act  -> (B, 8n,  14,  16)
 * flatten               -> (B, 8n * 14 * 16)
 * dense + act           -> (B, 8 * classes)
 * [dropout]             -> only when a rate is set; the study had none
 * dense                 -> (B, classes) logits
 * </pre>
 *
 * <p>The dense layer after flattening holds most of the weights, so the parameter count depends on the input
 * size: DJL infers it from the input shape at initialisation.
 */
public final class SimpleCnn {

    private SimpleCnn() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setBaseChannels} and {@code setNumClasses} are required. */
    public static final class Builder {
        private int baseChannels;
        private int numClasses;
        private Nonlinearity nonlinearity = Nonlinearity.RELU;
        private float negativeSlope = Nonlinearity.STUDY_LEAKY_SLOPE;
        private int hiddenUnits;
        private float dropout;

        private Builder() {
        }

        /** The study's n: channels of the first block (16 or 32); the blocks have n, 2n, 4n, 8n. */
        public Builder setBaseChannels(int baseChannels) {
            this.baseChannels = baseChannels;
            return this;
        }

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Default ReLU; the slope is used by leaky ReLU only (study: 0.3). */
        public Builder optNonlinearity(Nonlinearity nonlinearity, float negativeSlope) {
            this.nonlinearity = nonlinearity;
            this.negativeSlope = negativeSlope;
            return this;
        }

        /** Units of the hidden dense layer; default {@code 8 * numClasses} (88 for IRMAS), as in the study. */
        public Builder optHiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /** Dropout before the output layer; default 0 (none, as in the study). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        public Block build() {
            BuilderChecks.require(baseChannels > 0, "SimpleCnn: baseChannels must be positive, got " + baseChannels);
            BuilderChecks.require(numClasses > 0, "SimpleCnn: numClasses must be positive, got " + numClasses);
            BuilderChecks.require(nonlinearity != null, "SimpleCnn: nonlinearity required");
            BuilderChecks.require(dropout >= 0 && dropout < 1, "SimpleCnn: dropout must be in [0, 1), got " + dropout);
            int units = hiddenUnits > 0 ? hiddenUnits : 8 * numClasses;
            SequentialBlock net = new SequentialBlock();
            Shape stride = new Shape(2, 2);
            for (int block = 0; block < 4; block++) {
                net.add(ConvLayers.convBnAct(baseChannels << block, stride, nonlinearity, negativeSlope));
            }
            net.add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(units).build())
                    .add(nonlinearity.block(negativeSlope));
            if (dropout > 0) {
                net.add(Dropout.builder().optRate(dropout).build());
            }
            return net.add(Linear.builder().setUnits(numClasses).build());
        }
    }
}
