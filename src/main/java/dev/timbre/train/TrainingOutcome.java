package dev.timbre.train;

import java.util.List;

/**
 * What a finished (or early-stopped) training run produced.
 *
 * @param epochs      all epochs of the run, resumed ones included
 * @param bestEpoch   epoch whose weights were kept (lowest validation loss)
 * @param bestValLoss its validation loss
 * @param stoppedEarly whether patience ran out before the epoch limit
 */
public record TrainingOutcome(List<EpochStats> epochs, int bestEpoch, double bestValLoss, boolean stoppedEarly) {

    public EpochStats best() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
