package dev.timbre.train;

import java.nio.file.Path;

/**
 * Where {@link ModelTrainer} writes, all in one directory.
 *
 * @param weights    the best epoch's parameters, replaced whenever the validation loss improves
 * @param checkpoint the last epoch's state, for resuming
 * @param epochLog   one CSV line per epoch
 */
public record TrainerFiles(Path weights, Path checkpoint, Path epochLog) {

    /** The directory the files are in. */
    public Path directory() {
        return weights.toAbsolutePath().getParent();
    }
}
