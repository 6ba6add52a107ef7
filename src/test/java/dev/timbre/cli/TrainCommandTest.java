package dev.timbre.cli;

import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.testing.TinyBundle;
import dev.timbre.train.TrainSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code timbre train}'s refusals and its last line. */
class TrainCommandTest {

    @Test
    void aCompleteBundleIsNotTrainedOverWithoutForce(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        TinyBundle.write(run, 2, 1, "s2:0.4");
        byte[] manifest = Files.readAllBytes(run.resolve(RunDirectory.MANIFEST));
        Files.createDirectories(dir.resolve("data"));

        EndToEndTest.Run refused = EndToEndTest.timbre("train", "--data", dir.resolve("data").toString(), "--out",
                run.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains(run.toString())
                .contains("already holds a complete model bundle").contains("--force");
        assertThat(Files.readAllBytes(run.resolve(RunDirectory.MANIFEST))).isEqualTo(manifest);

        EndToEndTest.Run both = EndToEndTest.timbre("train", "--data", dir.resolve("data").toString(), "--out",
                run.toString(), "--resume", "--force");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).contains("give one of them");

        // With --force it goes on to the data (here a folder with no clips, so it stops there).
        EndToEndTest.Run forced = EndToEndTest.timbre("train", "--data", dir.resolve("data").toString(), "--out",
                run.toString(), "--force");
        assertThat(forced.code()).isEqualTo(1);
        assertThat(forced.err()).doesNotContain("--force").contains("data");
    }

    @Test
    void theLastLineSaysHowTrainingEndedAndWhichEpochWasKept() {
        TrainSettings settings = new TrainSettings(8, 1e-3f, 30, 6, 1, 0.15, 0.5, 3, 6.0, 0, false, 0);
        assertThat(TrainingProgress.outcome(provenance(14, 8, true, settings)))
                .isEqualTo("Stopped early after epoch 14: no lower validation loss in 6 epochs; kept epoch 8 "
                        + "(lowest validation loss).");
        assertThat(TrainingProgress.outcome(provenance(30, 27, false, settings)))
                .isEqualTo("Trained all 30 epochs; kept epoch 27 (lowest validation loss).");
    }

    private static BundleManifest.TrainingProvenance provenance(int epochs, int best, boolean early,
                                                                TrainSettings settings) {
        return new BundleManifest.TrainingProvenance("data", Map.of(), 10, 2, 1, settings, epochs, best, early,
                "test");
    }
}
