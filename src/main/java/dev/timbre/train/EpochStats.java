package dev.timbre.train;

/**
 * One finished epoch, as appended to {@code epochs.csv}.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean training loss over the epoch's batches
 * @param valLoss        mean binary cross-entropy on the validation clips
 * @param valMicroF1     micro-F1 on the validation clips (a class is predicted when its sigmoid ≥ 0.5)
 * @param seconds        wall time of the epoch, validation included
 * @param clipsPerSecond training examples per second of training time
 * @param improved       whether the validation loss reached a new minimum (the best checkpoint was written)
 */
public record EpochStats(int epoch, double trainLoss, double valLoss, double valMicroF1, double seconds,
                         double clipsPerSecond, boolean improved) {

    static final String CSV_HEADER = "epoch,train_loss,val_loss,val_micro_f1,seconds,clips_per_s";

    String csvLine() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.4f,%.2f,%.1f", epoch, trainLoss, valLoss,
                valMicroF1, seconds, clipsPerSecond);
    }
}
