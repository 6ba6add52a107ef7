package dev.timbre.train;

/**
 * How a model is trained; stored in the bundle so a run can be repeated.
 *
 * @param batchSize          examples per optimizer step (study: 64)
 * @param learningRate       Adam step size (study: 1e-3)
 * @param maxEpochs          upper bound on epochs (study: 200)
 * @param patience           epochs without a lower validation loss before stopping (study: 15)
 * @param seed               seeds the split, initialisation, shuffling and augmentation
 * @param validationFraction share of training recordings held out for validation (grouped by recording)
 * @param mixProbability     share of each batch replaced by mixtures of 2–3 clips of different classes
 * @param maxMixSources      most clips in one mixture (2 or 3)
 * @param mixGainDb          each mixed source is scaled by a random gain in ±mixGainDb before summing
 * @param eqDb               random equaliser augmentation: tilt up to ±eqDb across the mel bands (0 = off)
 * @param timeShift          roll each training example by a random number of frames
 * @param bandShift          shift each training example by up to this many mel bands (0 = off)
 * @param maskBands          mask one stretch of up to this many mel bands of each training example (0 = off)
 * @param maskFrames         mask one stretch of up to this many frames of each training example (0 = off)
 * @param schedule           how the step size changes over the run ({@code null}, as bundles made before the
 *                           option read back, means constant)
 * @param recompute          keep only each top-level block's input in the forward pass and run the block again
 *                           for its backward pass ({@link RecomputingStep}): the same training in far less memory,
 *                           and slower; a choice of how to compute, so a resumed run may change it
 * @param splitSeed          seeds the split into training and validation recordings alone ({@code null}: the
 *                           {@code seed}); runs that differ only in {@code seed} but share a split seed hold out the
 *                           same validation recordings, so their ensemble can choose thresholds on data none of
 *                           its members trained on
 */
public record TrainSettings(int batchSize, float learningRate, int maxEpochs, int patience, long seed,
                            double validationFraction, double mixProbability, int maxMixSources,
                            double mixGainDb, double eqDb, boolean timeShift, int bandShift, int maskBands,
                            int maskFrames, LearningRateSchedule schedule, boolean recompute, Long splitSeed) {

    /** Share of training recordings held out for validation, unless set otherwise. */
    public static final double VALIDATION_FRACTION = 0.15;
    /** Share of each batch replaced by mixtures, unless set otherwise. */
    public static final double MIX_PROBABILITY = 0.5;
    /** Most clips in one training mixture. */
    public static final int MAX_MIX_SOURCES = 3;
    /** Each mixed source's random gain lies within ± this many dB. */
    public static final double MIX_GAIN_DB = 6.0;

    /** Settings without masking. */
    public TrainSettings(int batchSize, float learningRate, int maxEpochs, int patience, long seed,
                         double validationFraction, double mixProbability, int maxMixSources, double mixGainDb,
                         double eqDb, boolean timeShift, int bandShift) {
        this(batchSize, learningRate, maxEpochs, patience, seed, validationFraction, mixProbability, maxMixSources,
                mixGainDb, eqDb, timeShift, bandShift, 0, 0, LearningRateSchedule.CONSTANT);
    }

    /** Settings that store every activation of the forward pass for the backward pass. */
    public TrainSettings(int batchSize, float learningRate, int maxEpochs, int patience, long seed,
                         double validationFraction, double mixProbability, int maxMixSources, double mixGainDb,
                         double eqDb, boolean timeShift, int bandShift, int maskBands, int maskFrames,
                         LearningRateSchedule schedule) {
        this(batchSize, learningRate, maxEpochs, patience, seed, validationFraction, mixProbability, maxMixSources,
                mixGainDb, eqDb, timeShift, bandShift, maskBands, maskFrames, schedule, false, null);
    }

    public TrainSettings {
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
        require(batchSize >= 2, "batch size must be at least 2 (batch norm needs it), got " + batchSize);
        require(learningRate > 0, "learning rate must be positive");
        require(maxEpochs >= 1, "epochs must be at least 1");
        require(patience >= 1, "patience must be at least 1");
        require(validationFraction > 0 && validationFraction < 1, "validation fraction must be in (0, 1)");
        require(mixProbability >= 0 && mixProbability <= 1, "mix probability must be in [0, 1]");
        require(maxMixSources >= 2 && maxMixSources <= 3, "mixtures have 2 or 3 sources");
        require(mixGainDb >= 0, "mix gain range must be non-negative");
        require(eqDb >= 0, "equaliser range must be non-negative");
        require(bandShift >= 0, "band shift must be non-negative");
        require(maskBands >= 0 && maskFrames >= 0, "mask widths must be non-negative");
    }

    /** The study's optimiser settings with timbre's mixing augmentation on. */
    public static TrainSettings defaults() {
        return new TrainSettings(64, 1e-3f, 200, 15, 42L, VALIDATION_FRACTION, MIX_PROBABILITY, MAX_MIX_SOURCES,
                MIX_GAIN_DB, 0.0, false, 0);
    }

    public TrainSettings withEpochs(int epochs) {
        return new TrainSettings(batchSize, learningRate, epochs, patience, seed, validationFraction,
                mixProbability, maxMixSources, mixGainDb, eqDb, timeShift, bandShift, maskBands, maskFrames,
                schedule, recompute, splitSeed);
    }

    /** The seed of the split into training and validation recordings. */
    public long validationSplitSeed() {
        return splitSeed == null ? seed : splitSeed;
    }

    private static void require(boolean ok, String msg) {
        if (!ok) {
            throw new IllegalArgumentException(msg);
        }
    }
}
