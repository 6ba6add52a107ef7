package dev.timbre.cli;

import dev.timbre.feature.ChannelMode;
import dev.timbre.model.CoAtNetSize;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.InputNorm;
import dev.timbre.model.Nonlinearity;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.train.LearningRateSchedule;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Options that take one of a few named values, read by picocli into enums: each accepts its spellings in any
 * case, and a value it does not know is one line that names the choices ({@link #oneLine}).
 */
final class Choices {

    private Choices() {
    }

    /** Reads one enum option from its spellings. */
    abstract static class Choice<E> implements CommandLine.ITypeConverter<E> {
        private final String option;
        private final String expected;
        private final Map<String, E> spellings = new LinkedHashMap<>();

        /**
         * @param option   the option's name, for the error
         * @param expected the choices as the error names them
         */
        Choice(String option, String expected) {
            this.option = option;
            this.expected = expected;
        }

        /** Accepts {@code names} (lower case) for {@code value}. */
        final Choice<E> accept(E value, String... names) {
            for (String n : names) {
                spellings.put(n, value);
            }
            return this;
        }

        @Override
        public final E convert(String value) {
            E e = spellings.get(value.strip().toLowerCase(Locale.ROOT));
            if (e == null) {
                throw new Refused(option + " must be " + expected + ", got '" + value + "'");
            }
            return e;
        }
    }

    /** {@code --test-band-shift}: a whole number of mel bands, 0 or more. */
    static final class BandCount implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int bands = Integer.parseInt(value.strip());
                if (bands >= 0) {
                    return bands;
                }
            } catch (NumberFormatException e) {
                // refused below, as a negative count is
            }
            throw new Refused("--test-band-shift must be a whole number of bands, 0 or more, got '" + value + "'");
        }
    }

    /** A value a {@link Choice} does not know. */
    static final class Refused extends CommandLine.TypeConversionException {
        Refused(String message) {
            super(message);
        }
    }

    /** coatnet's training crop of the 256-frame maps. */
    enum Crop {
        CENTER, RANDOM
    }

    /** Where the S1/S2 thresholds of a new bundle come from. */
    enum Thresholds {
        /** Chosen on validation mixtures. */
        VALIDATION,
        /** The study's fixed values. */
        STUDY
    }

    static final class Channels extends Choice<ChannelMode> {
        Channels() {
            super("--channels", "mono or stereo");
            accept(ChannelMode.MONO, "mono").accept(ChannelMode.STEREO, "stereo");
        }
    }

    static final class Activation extends Choice<Nonlinearity> {
        Activation() {
            super("--activation", "relu or leaky-relu");
            accept(Nonlinearity.RELU, "relu").accept(Nonlinearity.LEAKY_RELU, "leaky-relu", "leaky_relu", "leakyrelu");
        }
    }

    static final class Crops extends Choice<Crop> {
        Crops() {
            super("--crop", "center or random");
            accept(Crop.CENTER, "center", "centre").accept(Crop.RANDOM, "random");
        }
    }

    static final class InputNorms extends Choice<InputNorm> {
        InputNorms() {
            super("--input-norm", "none, tilt, band-mean or pcen");
            accept(InputNorm.NONE, "none").accept(InputNorm.SPECTRAL_TILT, "tilt", "spectral-tilt")
                    .accept(InputNorm.BAND_MEAN, "band-mean").accept(InputNorm.PCEN, "pcen");
        }
    }

    static final class CoAtNetSizes extends Choice<CoAtNetSize> {
        CoAtNetSizes() {
            super("--coatnet-size", "coatnet_0 or nano");
            accept(CoAtNetSize.COATNET_0, "coatnet_0").accept(CoAtNetSize.NANO, "nano");
        }
    }

    static final class LearningRateSchedules extends Choice<LearningRateSchedule> {
        LearningRateSchedules() {
            super("--lr-schedule", "constant or cosine");
            accept(LearningRateSchedule.CONSTANT, "constant").accept(LearningRateSchedule.COSINE, "cosine");
        }
    }

    static final class Windowings extends Choice<WindowPolicy> {
        Windowings() {
            super("--windowing", "cover or study");
            accept(WindowPolicy.COVER, "cover").accept(WindowPolicy.STUDY, "study");
        }
    }

    static final class ThresholdSources extends Choice<Thresholds> {
        ThresholdSources() {
            super("--thresholds", "validation or study");
            accept(Thresholds.VALIDATION, "validation").accept(Thresholds.STUDY, "study");
        }
    }

    static final class Devices extends Choice<ComputeDevice> {
        Devices() {
            super("--device", "auto, cpu or gpu");
            accept(ComputeDevice.AUTO, "auto").accept(ComputeDevice.CPU, "cpu").accept(ComputeDevice.GPU, "gpu");
        }
    }

    static final class Formats extends Choice<PredictionFormat> {
        Formats() {
            super("--format", "table, json or csv");
            accept(PredictionFormat.TABLE, "table").accept(PredictionFormat.JSON, "json")
                    .accept(PredictionFormat.CSV, "csv");
        }
    }

    /**
     * The one line for a command line that does not parse: a value a {@link Choice} refused is its own message
     * (e.g. {@code --crop must be center or random, got 'x'}); anything else is picocli's.
     */
    static String oneLine(CommandLine.ParameterException e) {
        return refused(e) ? e.getCause().getMessage() : e.getMessage();
    }

    /** Whether a {@link Choice} refused a value. */
    static boolean refused(CommandLine.ParameterException e) {
        return e.getCause() instanceof Refused;
    }
}
