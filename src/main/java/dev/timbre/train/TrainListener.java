package dev.timbre.train;

/** Observes a training run (the CLI draws progress bars from it; tests record it). */
public interface TrainListener {

    default void onEpochStart(int epoch, int batches) {
    }

    /** After each optimizer step: the batch's loss and the running examples per second of this epoch. */
    default void onBatch(int epoch, int batch, double loss, double clipsPerSecond) {
    }

    default void onEpochEnd(EpochStats stats) {
    }

    TrainListener NONE = new TrainListener() {
    };
}
