package dev.timbre.bundle;

import dev.timbre.train.TrainerFiles;

import java.nio.file.Path;

/**
 * The files of a run directory, each named here and nowhere else. A run directory is a model bundle
 * ({@link #manifest()} and {@link #weights()}) once training has written its manifest, last; beside the bundle lie
 * what training leaves (checkpoint, epoch log, threshold sweeps) and what evaluation records (scores, window logits).
 *
 * @param dir the directory
 */
public record RunDirectory(Path dir) {

    /** The manifest ({@link BundleManifest}); its presence makes the directory a bundle. */
    public static final String MANIFEST = "model.json";
    /** The network's parameters (DJL's format), the epoch of lowest validation loss. */
    public static final String WEIGHTS = "weights.params";
    /** The validation threshold sweeps behind the bundle's rules. */
    public static final String THRESHOLDS = "thresholds.json";
    /** The last epoch's state, for resuming. */
    public static final String CHECKPOINT = "last.ckpt";
    /** One line per epoch: losses, validation micro-F1, time. */
    public static final String EPOCHS = "epochs.csv";
    /** The scores on a test set ({@code EvaluationReport}). */
    public static final String RESULTS = "results.json";
    /** The scores as rows with the study's columns. */
    public static final String RESULTS_CSV = "results.csv";
    /** The window logits behind the scores. */
    public static final String WINDOW_LOGITS = "window-logits.json";
    /** An experiment run's scores with the study's fixed thresholds. */
    public static final String STUDY_RESULTS = "results-study.json";
    /** An experiment run's scores with per-class thresholds chosen on validation mixtures. */
    public static final String PER_CLASS_RESULTS = "results-per-class.json";

    public RunDirectory {
        if (dir == null) {
            throw new IllegalArgumentException("a run directory needs a path");
        }
    }

    public Path manifest() {
        return dir.resolve(MANIFEST);
    }

    public Path weights() {
        return dir.resolve(WEIGHTS);
    }

    public Path thresholds() {
        return dir.resolve(THRESHOLDS);
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    public Path epochs() {
        return dir.resolve(EPOCHS);
    }

    public Path results() {
        return dir.resolve(RESULTS);
    }

    public Path resultsCsv() {
        return dir.resolve(RESULTS_CSV);
    }

    public Path windowLogits() {
        return dir.resolve(WINDOW_LOGITS);
    }

    public Path studyResults() {
        return dir.resolve(STUDY_RESULTS);
    }

    public Path perClassResults() {
        return dir.resolve(PER_CLASS_RESULTS);
    }

    /** What the training loop writes. */
    public TrainerFiles trainerFiles() {
        return new TrainerFiles(weights(), checkpoint(), epochs());
    }

    /** Whether the directory holds a complete bundle (training wrote its manifest). */
    public boolean isBundle() {
        return java.nio.file.Files.exists(manifest());
    }
}
