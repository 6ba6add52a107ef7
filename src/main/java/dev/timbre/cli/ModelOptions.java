package dev.timbre.cli;

import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.Architecture;
import dev.timbre.model.CoAtNetSize;
import dev.timbre.model.Han2016;
import dev.timbre.model.InputNorm;
import dev.timbre.model.ModelSpec;
import dev.timbre.model.Nonlinearity;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The network and its features, shared by {@code train}, {@code bench train} and {@code demo}. */
public final class ModelOptions {

    @Option(names = "--model", defaultValue = "cnn",
            description = "Architecture: cnn (study Model 1), crnn (Model 2), pooled-cnn (Model 1 pooled over time), "
                    + "coatnet (Model 3), han2016 "
                    + "(default: ${DEFAULT-VALUE}).")
    String model = "cnn";

    @Option(names = "--channels", defaultValue = "mono", converter = Choices.Channels.class,
            description = "mono or stereo input (default: ${DEFAULT-VALUE}).")
    ChannelMode channels = ChannelMode.MONO;

    @Option(names = "--hidden", defaultValue = "32", description = "Width n of the first convolution block, 16 or 32 "
            + "(default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--activation", converter = Choices.Activation.class,
            description = "relu or leaky-relu (default: relu; han2016: leaky-relu).")
    Nonlinearity activation;

    @Option(names = "--negative-slope", description = "Leaky ReLU slope (default: 0.3, the study's; han2016: 0.33).")
    Double negativeSlope;

    @Option(names = "--features", defaultValue = "study",
            description = "study (44.1 kHz, n_fft 4096, 224 mels, 256 frames: the study's) or compact (22.05 kHz, "
                    + "n_fft 2048, 128 mels, 128 frames; the same 3-s windows) (default: ${DEFAULT-VALUE}; han2016 "
                    + "always uses its own).")
    String featureSet = "study";

    @Option(names = "--f-max", description = "Highest mel edge in Hz (default: half the features' sample rate).")
    Double fMax;

    @Option(names = "--zcr", description = "The study's ZCR variant: last mel row replaced by the zero-crossing rate.")
    boolean zcr;

    @Option(names = "--crop", defaultValue = "center", converter = Choices.Crops.class,
            description = "coatnet's 224-frame crop of the 256-frame maps while training: center (the study's) or "
                    + "random (default: ${DEFAULT-VALUE}; inference always takes the centre).")
    Choices.Crop crop = Choices.Crop.CENTER;

    @Option(names = "--coatnet-size", defaultValue = "coatnet_0", converter = Choices.CoAtNetSizes.class,
            description = "coatnet_0 (the study's) or nano (CPU-sized) (default: ${DEFAULT-VALUE}).")
    CoAtNetSize coatNetSize = CoAtNetSize.COATNET_0;

    @Option(names = "--input-norm", defaultValue = "none", converter = Choices.InputNorms.class,
            description = "What the network removes from each window's maps before its first layer: none (the "
                    + "study's), tilt (a fit of the window's average spectrum across bands by level, slope and "
                    + "curvature), band-mean (each band's mean over the window) or pcen (per-channel energy "
                    + "normalisation, librosa's defaults) (default: ${DEFAULT-VALUE}).")
    InputNorm inputNorm = InputNorm.NONE;

    @Option(names = "--test-band-shift", defaultValue = "0", converter = Choices.BandCount.class,
            description = "In inference, average each window's outputs over the window shifted by every number of "
                    + "mel bands up to this one, up and down; the thresholds are chosen with it (default: "
                    + "${DEFAULT-VALUE} = the window alone). Training is not changed.")
    int testBandShift;

    Architecture architecture() {
        return Architecture.fromCliName(model);
    }

    ChannelMode channelMode() {
        return channels;
    }

    FeatureSettings features() {
        if (architecture() == Architecture.HAN2016) {
            if (channelMode() != ChannelMode.MONO) {
                throw new IllegalArgumentException("han2016 takes mono input only");
            }
            return Han2016.featureSettings().withZcrRow(zcr);
        }
        FeatureSettings base = switch (featureSet.toLowerCase(Locale.ROOT)) {
            case "study" -> FeatureSettings.study(channelMode());
            case "compact" -> FeatureSettings.compact(channelMode());
            default -> throw new IllegalArgumentException("--features must be study or compact, got '"
                    + featureSet + "'");
        };
        if (fMax != null) {
            base = base.withFMax(fMax);
        }
        return base.withZcrRow(zcr);
    }

    ModelSpec spec() {
        if (hidden <= 0) {
            throw new IllegalArgumentException("--hidden must be positive, got " + hidden);
        }
        ModelSpec spec = ModelSpec.defaults(architecture(), features()).withBaseChannels(hidden);
        if (activation != null || negativeSlope != null) {
            Nonlinearity nl = activation == null ? spec.nonlinearity() : activation;
            double slope = negativeSlope != null ? negativeSlope : spec.negativeSlope();
            spec = spec.withNonlinearity(nl, nl == Nonlinearity.RELU ? 0 : slope);
        }
        if (inputNorm != InputNorm.NONE) {
            if (zcr) {
                throw new IllegalArgumentException("--input-norm works on mel bands only: it cannot be combined "
                        + "with --zcr, whose last row is the zero-crossing rate");
            }
            spec = spec.withInputNorm(inputNorm);
        }
        if (testBandShift != 0) {
            spec = spec.withTestBandShift(testBandShift);
        }
        if (architecture() == Architecture.COATNET) {
            spec = spec.withCoAtNetSize(coatNetSize);
            if (crop == Choices.Crop.RANDOM) {
                spec = spec.withRandomCrop(true);
            }
        }
        return spec;
    }
}
