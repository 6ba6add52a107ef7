package dev.timbre.cli;

import dev.timbre.train.LearningRateSchedule;
import dev.timbre.train.TrainSettings;
import picocli.CommandLine.Option;

/** Optimiser, early stopping and augmentation options. */
public final class TrainOptions {

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr = 1e-3f;

    @Option(names = "--lr-schedule", defaultValue = "constant", converter = Choices.LearningRateSchedules.class,
            description = "constant (the study's) or cosine: the rate decays to zero along half a cosine over "
                    + "--epochs (default: ${DEFAULT-VALUE}).")
    LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;

    @Option(names = "--epochs", defaultValue = "200", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 200;

    @Option(names = "--patience", defaultValue = "15",
            description = "Stop after this many epochs without a lower validation loss (default: ${DEFAULT-VALUE}).")
    int patience = 15;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for split, init, shuffling, mixing (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--validation-fraction", defaultValue = "" + TrainSettings.VALIDATION_FRACTION,
            description = "Share of training recordings held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction = TrainSettings.VALIDATION_FRACTION;

    @Option(names = "--mix-prob", defaultValue = "" + TrainSettings.MIX_PROBABILITY,
            description = "Share of each batch replaced by mixtures of 2–3 clips of different classes (default: ${DEFAULT-VALUE}; 0 = off).")
    double mixProb = TrainSettings.MIX_PROBABILITY;

    @Option(names = "--eq-db", defaultValue = "0",
            description = "Random equaliser augmentation: spectral tilt up to ±this many dB (default: ${DEFAULT-VALUE} = off).")
    double eqDb = 0;

    @Option(names = "--time-shift", description = "Roll each training example by a random number of frames.")
    boolean timeShift;

    @Option(names = "--band-shift", defaultValue = "0",
            description = "Shift each training example by up to this many mel bands (default: ${DEFAULT-VALUE} = off).")
    int bandShift = 0;

    @Option(names = "--mask-bands", defaultValue = "0",
            description = "Mask one stretch of up to this many mel bands of each training example (default: ${DEFAULT-VALUE} = off).")
    int maskBands = 0;

    @Option(names = "--mask-frames", defaultValue = "0",
            description = "Mask one stretch of up to this many frames of each training example (default: ${DEFAULT-VALUE} = off).")
    int maskFrames = 0;

    @Option(names = "--recompute", description = "Keep only each top-level block's input in the forward pass and "
            + "run the block again for its backward pass: the same training in far less memory (CoAtNet-0), and "
            + "slower.")
    boolean recompute;

    @Option(names = "--split-seed", description = "Seed of the split into training and validation recordings "
            + "alone (default: the --seed). Runs trained with different --seed values and one --split-seed hold out "
            + "the same validation recordings, as `timbre ensemble` requires.")
    Long splitSeed;

    TrainSettings settings() {
        return new TrainSettings(batch, lr, epochs, patience, seed, validationFraction, mixProb,
                TrainSettings.MAX_MIX_SOURCES, TrainSettings.MIX_GAIN_DB, eqDb, timeShift, bandShift, maskBands,
                maskFrames, lrSchedule, recompute, splitSeed);
    }
}
