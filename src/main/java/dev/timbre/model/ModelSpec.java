package dev.timbre.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.timbre.dataset.Instrument;
import dev.timbre.feature.FeatureSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that decides a network's structure; stored (as JSON, through Jackson's record support) in every
 * model bundle so that the block can be rebuilt before its parameters are loaded.
 *
 * <p>Options that an architecture does not have are kept but ignored, so that one record describes all four:
 * {@code baseChannels} is used by CNN and CRNN, {@code coatNetSize} by CoAtNet, {@code nonlinearity} and
 * {@code negativeSlope} by CNN, CRNN and Han (whose leaky ReLU becomes a plain ReLU when RELU is chosen);
 * CoAtNet always uses GELU.
 *
 * @param architecture  which network
 * @param inputChannels feature maps per example: 1 (mono) or 2 (stereo)
 * @param inputBands    mel bands, the input height (study: 224; Han: 128)
 * @param inputFrames   frames, the input width (study: 256; Han: 43); CoAtNet needs multiples of 32 for both
 * @param baseChannels  the study's n: channels of the first convolution block (16 or 32)
 * @param nonlinearity  ReLU or leaky ReLU after convolutions and hidden dense layers
 * @param negativeSlope leaky ReLU's slope for negative inputs (study: 0.3, Han: 0.33)
 * @param coatNetSize   stage depths and widths of CoAtNet
 * @param numClasses    output logits (IRMAS: 11)
 * @param dropout       rate before the output layer (CNN, CRNN: study 0; Han: 0.5) or after CoAtNet's attention
 *                      and feed-forward projections (reference: 0)
 * @param cropFrames    frames the network sees after a time crop of the input (0: no crop; CoAtNet: 224, as the
 *                      study centre-cropped 224 × 256 maps to 224 × 224)
 * @param randomCrop    crop at a random offset while training (inference always takes the centre)
 * @param revision      the {@link Architecture#revision()} the network was built with; 0 in bundles written before
 *                      revisions were recorded, which stands for revision 1
 * @param inputNorm     what is removed from the input maps before the network's first layer (the study: nothing)
 * @param members       networks of this structure, trained apart, whose logits are averaged ({@link Ensemble});
 *                      0 in bundles written before ensembles existed, which stands for 1
 * @param testBandShift in inference, each window's logits are the mean over the window shifted by every whole
 *                      number of mel bands from {@code -testBandShift} to {@code +testBandShift} (0: the window
 *                      alone), as training's band shifts moved its examples; training never applies it
 */
public record ModelSpec(Architecture architecture, int inputChannels, int inputBands, int inputFrames,
                        int baseChannels, Nonlinearity nonlinearity, double negativeSlope,
                        CoAtNetSize coatNetSize, int numClasses, double dropout, int cropFrames,
                        boolean randomCrop, int revision, InputNorm inputNorm, int members, int testBandShift) {

    public ModelSpec {
        if (inputNorm == null) {
            inputNorm = InputNorm.NONE; // bundles written before the option existed
        }
        if (members == 0) {
            members = 1; // bundles written before ensembles existed
        }
        require(members >= 1, "members must be positive, got " + members);
        require(testBandShift >= 0 && testBandShift < inputBands,
                "testBandShift must be in [0, inputBands), got " + testBandShift);
        require(architecture != null, "architecture required");
        require(inputChannels > 0, "inputChannels must be positive, got " + inputChannels);
        require(inputBands > 0 && inputFrames > 0,
                "input size must be positive, got " + inputBands + "x" + inputFrames);
        require(baseChannels > 0, "baseChannels must be positive, got " + baseChannels);
        require(nonlinearity != null, "nonlinearity required");
        require(negativeSlope >= 0 && negativeSlope < 1, "negativeSlope must be in [0, 1), got " + negativeSlope);
        require(coatNetSize != null, "coatNetSize required");
        require(revision >= 0, "revision must not be negative, got " + revision);
        require(numClasses > 0, "numClasses must be positive, got " + numClasses);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(cropFrames >= 0 && cropFrames <= inputFrames,
                "cropFrames must be in [0, inputFrames], got " + cropFrames);
        int seen = cropFrames > 0 ? cropFrames : inputFrames;
        require(architecture != Architecture.COATNET || (inputBands % 32 == 0 && seen % 32 == 0),
                "coatnet needs input bands and frames that are multiples of 32, got " + inputBands + "x" + seen);
    }

    /**
     * The published configuration of {@code architecture} for maps of {@code features}: n = 32, ReLU (Han:
     * leaky ReLU 0.33 and dropout 0.5), CoAtNet-0, one logit per IRMAS instrument.
     */
    public static ModelSpec defaults(Architecture architecture, FeatureSettings features) {
        boolean han = architecture == Architecture.HAN2016;
        return new ModelSpec(architecture, features.channels().maps(), features.nMels(), features.frames(), 32,
                han ? Nonlinearity.LEAKY_RELU : Nonlinearity.RELU,
                han ? Han2016.PAPER_SLOPE : Nonlinearity.STUDY_LEAKY_SLOPE,
                CoAtNetSize.COATNET_0, Instrument.COUNT, han ? 0.5 : 0.0,
                architecture == Architecture.COATNET ? Math.min(224, features.frames()) : 0, false,
                architecture.revision(), InputNorm.NONE, 1, 0);
    }

    public ModelSpec withBaseChannels(int n) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, n, nonlinearity, negativeSlope,
                coatNetSize, numClasses, dropout, cropFrames, randomCrop, revision, inputNorm, members, testBandShift);
    }

    public ModelSpec withNonlinearity(Nonlinearity kind, double slope) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, kind, slope,
                coatNetSize, numClasses, dropout, cropFrames, randomCrop, revision, inputNorm, members, testBandShift);
    }

    public ModelSpec withCoAtNetSize(CoAtNetSize size) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, size, numClasses, dropout, cropFrames, randomCrop, revision, inputNorm, members,
                testBandShift);
    }

    public ModelSpec withDropout(double rate) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, coatNetSize, numClasses, rate, cropFrames, randomCrop, revision, inputNorm, members,
                testBandShift);
    }

    /** The same spec with a random crop offset in training ({@code --crop random}). */
    public ModelSpec withRandomCrop(boolean random) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, coatNetSize, numClasses, dropout, cropFrames, random, revision, inputNorm, members,
                testBandShift);
    }

    /** The same spec with {@code norm} applied to the input maps ({@code --input-norm}). */
    public ModelSpec withInputNorm(InputNorm norm) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, coatNetSize, numClasses, dropout, cropFrames, randomCrop, revision, norm, members,
                testBandShift);
    }

    /** The same networks, {@code count} of them averaged ({@code timbre ensemble}). */
    public ModelSpec withMembers(int count) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, coatNetSize, numClasses, dropout, cropFrames, randomCrop, revision, inputNorm, count,
                testBandShift);
    }

    /** The same networks with logits averaged over band shifts of up to {@code bands} in inference. */
    public ModelSpec withTestBandShift(int bands) {
        return new ModelSpec(architecture, inputChannels, inputBands, inputFrames, baseChannels, nonlinearity,
                negativeSlope, coatNetSize, numClasses, dropout, cropFrames, randomCrop, revision, inputNorm, members,
                bands);
    }

    /** One network of this structure, as training makes it: no ensemble, no shifts in inference. */
    public ModelSpec member() {
        return withMembers(1).withTestBandShift(0);
    }

    /**
     * A new, uninitialised block; initialise it with {@link #inputShape(long)}. With two or more members it is an
     * {@link Ensemble} of {@link #memberBlock()}s.
     *
     * @throws IllegalStateException when the spec names an older revision of the network than this timbre builds
     */
    public Block newBlock() {
        if (members == 1) {
            return memberBlock();
        }
        List<Block> nets = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            nets.add(memberBlock());
        }
        return new Ensemble(nets);
    }

    /**
     * One network of this structure, uninitialised: what training trains.
     *
     * @throws IllegalStateException when the spec names an older revision of the network than this timbre builds
     */
    public Block memberBlock() {
        int built = Math.max(1, revision);
        if (built < architecture.revision()) {
            throw new IllegalStateException(architecture.cliName() + " network of revision " + built
                    + ", but this timbre builds revision " + architecture.revision() + " (" + architecture.lastChange()
                    + "); the saved weights belong to the older network: retrain the model");
        }
        if (built > architecture.revision()) {
            throw new IllegalStateException(architecture.cliName() + " network of revision " + built
                    + ", newer than the revision " + architecture.revision() + " this timbre builds: use a newer timbre");
        }
        Block net = network();
        boolean crop = cropFrames > 0 && cropFrames != inputFrames;
        if (!crop && inputNorm == InputNorm.NONE) {
            return net;
        }
        ai.djl.nn.SequentialBlock wrapped = new ai.djl.nn.SequentialBlock();
        if (inputNorm != InputNorm.NONE) {
            wrapped.add(new BandNormalization(inputNorm));
        }
        if (crop) {
            wrapped.add(new TimeCrop(cropFrames, randomCrop));
        }
        return wrapped.add(net);
    }

    private Block network() {
        float slope = (float) negativeSlope;
        return switch (architecture) {
            case CNN -> studyNet(SimpleCnn.builder(), slope);
            case POOLED_CNN -> studyNet(PooledCnn.builder(), slope);
            case CRNN -> studyNet(Crnn.builder(), slope);
            case COATNET -> CoAtNet.builder()
                    .setNumClasses(numClasses)
                    .setInputSize(inputBands, cropFrames > 0 ? cropFrames : inputFrames)
                    .optSize(coatNetSize)
                    .optDropout((float) dropout)
                    .build();
            case HAN2016 -> Han2016.builder()
                    .setNumClasses(numClasses)
                    .optNegativeSlope(nonlinearity == Nonlinearity.RELU ? 0f : slope)
                    .optDenseDropout((float) dropout)
                    .build();
        };
    }

    private Block studyNet(StudyNetBuilder builder, float slope) {
        return builder.setBaseChannels(baseChannels)
                .setNumClasses(numClasses)
                .optNonlinearity(nonlinearity, slope)
                .optDropout((float) dropout)
                .build();
    }

    /** A one-line summary such as {@code cnn (n=16, mono, relu)} or {@code coatnet (NANO, stereo)}. */
    public String describe() {
        String channels = inputChannels == 1 ? "mono" : inputChannels == 2 ? "stereo" : inputChannels + " channels";
        String act = nonlinearity.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String norm = switch (inputNorm) {
            case NONE -> "";
            case BAND_MEAN -> ", band means removed";
            case SPECTRAL_TILT -> ", spectral tilt removed";
            case PCEN -> ", pcen";
        };
        String inference = (members > 1 ? ", " + members + " members" : "")
                + (testBandShift > 0 ? ", mean over band shifts of up to " + testBandShift : "");
        return switch (architecture) {
            case CNN, CRNN, POOLED_CNN -> architecture.cliName() + " (n=" + baseChannels + ", " + channels + ", " + act
                    + norm + inference + ")";
            case HAN2016 -> architecture.cliName() + " (" + channels + ", " + act + norm + inference + ")";
            case COATNET -> architecture.cliName() + " (" + coatNetSize.name() + ", " + channels + norm + inference
                    + ")";
        };
    }

    /** {@code (batch, inputChannels, inputBands, inputFrames)}. */
    public Shape inputShape(long batch) {
        return new Shape(batch, inputChannels, inputBands, inputFrames);
    }

    /**
     * Checks that {@code features} produce the maps this network eats.
     *
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public void requireInputOf(FeatureSettings features) {
        long[] maps = features.mapShape();
        if (maps[0] != inputChannels || maps[1] != inputBands || maps[2] != inputFrames) {
            throw new IllegalArgumentException(architecture.cliName() + " model expects (" + inputChannels + ", "
                    + inputBands + ", " + inputFrames + ") maps but the features give (" + maps[0] + ", "
                    + maps[1] + ", " + maps[2] + ")");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("ModelSpec: " + message);
        }
    }
}
