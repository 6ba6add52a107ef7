package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;

/**
 * The ConvNet of Han, Kim and Lee (2016), "Deep convolutional neural networks for predominant instrument
 * recognition in polyphonic music", as a baseline.
 *
 * <pre>
 * (B, 1, 128, 43)                              1-s mel spectrogram in dB, see {@link #featureSettings()}
 * x / 40 + 1                                   dB in [-80, 0] to [-1, 1], no parameters
 * 2 x (conv3x3 32 + lrelu), maxpool 3/3, drop  -> (B,  32, 42, 14)
 * 2 x (conv3x3 64 + lrelu), maxpool 3/3, drop  -> (B,  64, 14,  4)
 * 2 x (conv3x3 128 + lrelu), maxpool 3/3, drop -> (B, 128,  4,  1)
 * 2 x (conv3x3 256 + lrelu), global max pool   -> (B, 256)
 * dense 1024 + lrelu, dropout                  -> (B, 1024)
 * dense                                        -> (B, classes) logits (the paper applies a sigmoid)
 * </pre>
 *
 * <p>Convolutions have padding 1 and bias, no batch norm. Without batch norm the raw dB scale (values down to
 * -80) saturates the output in the first steps: trained on it with Adam at 1e-3, the loss reached 15.9 in the first
 * epoch and the network never left the class priors (validation micro-F1 0.10 after 20 epochs on the demo
 * corpus). A fixed, parameter-free map to [-1, 1] therefore comes first. With 11 classes the network has 1,446,123
 * trainable parameters, independent of the input size thanks to the global pooling.
 */
public final class Han2016 {

    /** Leaky ReLU slope of the paper (0.33). */
    public static final float PAPER_SLOPE = 0.33f;

    private Han2016() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Han's features: 22,050 Hz, 1-s windows, n_fft 1,024, hop 512, 128 mel bands.
     *
     * <p>A centred STFT of 22,050 samples has {@code 1 + 22050 / 512 = 44} frames; the paper's input is 43
     * frames wide. As for the study's features, the frame centred on sample 0 (half of it padding) is the one
     * dropped: frames 1..43 are kept. The dB scaling is the study's ({@code amin} 1e-10, {@code top_db} 80),
     * the signal is mixed to mono.
     */
    public static FeatureSettings featureSettings() {
        return new FeatureSettings(22_050, 22_050, 1024, 512, 128, 0.0, 11_025.0, 1e-10, 80.0, 1, 43,
                ChannelMode.MONO, false);
    }

    /** {@code (B, 1, mels, frames)} dB relative to the maximum, {@code [-topDb, 0]}, to about {@code [-1, 1]}. */
    static NDArray decibelsToUnitRange(NDArray db) {
        return db.div(40f).add(1f);
    }

    /** Builder: {@code setNumClasses} is required. */
    public static final class Builder {
        private int numClasses;
        private float negativeSlope = PAPER_SLOPE;
        private float convDropout = 0.25f;
        private float denseDropout = 0.5f;

        private Builder() {
        }

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Leaky ReLU slope; default 0.33 as in the paper. */
        public Builder optNegativeSlope(float negativeSlope) {
            this.negativeSlope = negativeSlope;
            return this;
        }

        /** Dropout after each of the first three pooling layers; default 0.25 as in the paper. */
        public Builder optConvDropout(float convDropout) {
            this.convDropout = convDropout;
            return this;
        }

        /** Dropout after the 1,024-unit dense layer; default 0.5 as in the paper. */
        public Builder optDenseDropout(float denseDropout) {
            this.denseDropout = denseDropout;
            return this;
        }

        public Block build() {
            BuilderChecks.require(numClasses > 0, "Han2016: numClasses must be positive, got " + numClasses);
            BuilderChecks.require(negativeSlope >= 0 && negativeSlope < 1,
                    "Han2016: negativeSlope must be in [0, 1), got " + negativeSlope);
            BuilderChecks.require(convDropout >= 0 && convDropout < 1 && denseDropout >= 0 && denseDropout < 1,
                    "Han2016: dropout rates must be in [0, 1)");
            SequentialBlock net = new SequentialBlock();
            net.add(LambdaBlock.singleton(Han2016::decibelsToUnitRange, "decibelsToUnitRange"));
            int[] widths = {32, 64, 128, 256};
            for (int stage = 0; stage < widths.length; stage++) {
                net.add(conv(widths[stage])).add(conv(widths[stage]));
                if (stage < widths.length - 1) {
                    net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3)))
                            .add(Dropout.builder().optRate(convDropout).build());
                }
            }
            return net.add(Pool.globalMaxPool2dBlock())
                    .add(Linear.builder().setUnits(1024).build())
                    .add(Activation.leakyReluBlock(negativeSlope))
                    .add(Dropout.builder().optRate(denseDropout).build())
                    .add(Linear.builder().setUnits(numClasses).build());
        }

        private SequentialBlock conv(int filters) {
            return new SequentialBlock()
                    .add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(filters)
                            .optPadding(new Shape(1, 1))
                            .build())
                    .add(Activation.leakyReluBlock(negativeSlope));
        }
    }
}
