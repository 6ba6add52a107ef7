package dev.timbre.train;

import dev.timbre.model.ComputeDevice;

import dev.timbre.feature.FeatureSettings;
import dev.timbre.bundle.RunDirectory;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelTrainerTest {

    static final int CLASSES = 4;
    static final Shape EXAMPLE = new Shape(1, 8, 12);

    /** Class c lights up row band c, with noise: learnable in a few epochs. */
    static ExampleSet toyData(int n, long seed) {
        int len = (int) EXAMPLE.size();
        float[][] x = new float[n][len];
        int[] y = new int[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < len; j++) {
                int row = j / 12;
                x[i][j] = (float) (-40 + 4 * r.nextGaussian() + (row / 2 == y[i] ? 30 : 0));
            }
        }
        return new ExampleSet() {
            public int size() {
                return n;
            }

            public int exampleLength() {
                return len;
            }

            public void copyFeatures(int index, float[] dst, int offset) {
                System.arraycopy(x[index], 0, dst, offset, len);
            }

            public int label(int index) {
                return y[index];
            }
        };
    }

    static Block toyNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    static TrainerFiles files(Path dir) {
        return new RunDirectory(dir).trainerFiles();
    }

    static ModelTrainer trainer(int epochs) {
        return trainer(epochs, LearningRateSchedule.CONSTANT);
    }

    static ModelTrainer trainer(int epochs, LearningRateSchedule schedule) {
        TrainSettings s = new TrainSettings(8, 1e-2f, epochs, 50, 7L, 0.2, 0.5, 3, 6.0, 3.0, true, 1, 0, 0, schedule);
        FeatureSettings maps = AugmentationTest.maps(1, 8, 12, false);
        return new ModelTrainer(ModelTrainerTest::toyNet, EXAMPLE, new Mixer(maps), new Augmenter(maps, s), CLASSES, s,
                ComputeDevice.AUTO);
    }

    @Test
    void lossFallsAndFilesAreWritten(@TempDir Path dir) throws Exception {
        TrainingOutcome out = trainer(4).train(toyData(64, 1), toyData(16, 2), files(dir), false, TrainListener.NONE);
        List<EpochStats> e = out.epochs();
        assertThat(e).hasSize(4);
        assertThat(e.get(3).trainLoss()).isLessThan(e.get(0).trainLoss());
        assertThat(out.bestValLoss()).isLessThan(e.get(0).valLoss() + 1e-12);
        assertThat(dir.resolve(RunDirectory.WEIGHTS)).exists();
        assertThat(dir.resolve(RunDirectory.CHECKPOINT)).exists();
        List<String> csv = Files.readAllLines(dir.resolve(RunDirectory.EPOCHS));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).isEqualTo(EpochStats.CSV_HEADER);
        assertThat(csv.get(4)).startsWith("4,");
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        trainer(3).train(toyData(40, 1), toyData(12, 2), files(straight), false, TrainListener.NONE);
        // Interrupted after its first epoch (the checkpoint is written before the epoch is reported).
        TrainListener killAfterFirst = new TrainListener() {
            @Override
            public void onEpochEnd(EpochStats s) {
                throw new IllegalStateException("killed");
            }
        };
        assertThatThrownBy(() -> trainer(3).train(toyData(40, 1), toyData(12, 2), files(split), false, killAfterFirst))
                .hasMessage("killed");
        TrainingOutcome resumed = trainer(3).train(toyData(40, 1), toyData(12, 2), files(split), true, TrainListener.NONE);

        assertThat(resumed.epochs()).hasSize(3);
        byte[] a = Checkpoint.read(straight.resolve(RunDirectory.CHECKPOINT)).parameters();
        byte[] b = Checkpoint.read(split.resolve(RunDirectory.CHECKPOINT)).parameters();
        assertThat(b).isEqualTo(a);
        assertThat(Files.readAllLines(split.resolve(RunDirectory.EPOCHS))).hasSize(4);
    }

    @Test
    void aCosineRunResumesOnItsSchedule(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        Path constant = dir.resolve("constant");
        trainer(3, LearningRateSchedule.COSINE).train(toyData(40, 1), toyData(12, 2), files(straight), false,
                TrainListener.NONE);
        trainer(3).train(toyData(40, 1), toyData(12, 2), files(constant), false, TrainListener.NONE);
        TrainListener killAfterFirst = new TrainListener() {
            @Override
            public void onEpochEnd(EpochStats s) {
                throw new IllegalStateException("killed");
            }
        };
        assertThatThrownBy(() -> trainer(3, LearningRateSchedule.COSINE).train(toyData(40, 1), toyData(12, 2),
                files(split), false, killAfterFirst)).hasMessage("killed");
        trainer(3, LearningRateSchedule.COSINE).train(toyData(40, 1), toyData(12, 2), files(split), true,
                TrainListener.NONE);

        byte[] cosine = Checkpoint.read(straight.resolve(RunDirectory.CHECKPOINT)).parameters();
        assertThat(Checkpoint.read(split.resolve(RunDirectory.CHECKPOINT)).parameters())
                .as("the resumed run continues the decay from the restored step count").isEqualTo(cosine);
        assertThat(Checkpoint.read(constant.resolve(RunDirectory.CHECKPOINT)).parameters()).isNotEqualTo(cosine);
    }

    @Test
    void aCheckpointWrittenBeforeTheScheduleExistedResumesWithTheConstantRate() throws Exception {
        TrainSettings constant = new TrainSettings(8, 1e-2f, 3, 50, 7L, 0.2, 0.5, 3, 6.0, 3.0, true, 1);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(constant);
        String older = json.replaceFirst(",\\s*\"schedule\"\\s*:\\s*\"CONSTANT\"", "");
        assertThat(older).doesNotContain("schedule");
        Checkpoint written = new Checkpoint(Checkpoint.Progress.start(), older.getBytes(), new byte[0], new byte[0]);
        assertThat(written.settingsChanges(constant)).isEmpty();
        TrainSettings cosine = new TrainSettings(8, 1e-2f, 3, 50, 7L, 0.2, 0.5, 3, 6.0, 3.0, true, 1, 0, 0,
                LearningRateSchedule.COSINE);
        assertThat(written.settingsChanges(cosine)).containsExactly("schedule: \"CONSTANT\" → \"COSINE\"");
    }

    @Test
    void theCosineScheduleDecaysFromTheBaseRateToZero() {
        assertThat(LearningRateSchedule.CONSTANT.rate(1e-3f, 500, 1000)).isEqualTo(1e-3f);
        assertThat(LearningRateSchedule.COSINE.rate(1e-3f, 0, 1000)).isEqualTo(1e-3f);
        assertThat(LearningRateSchedule.COSINE.rate(1e-3f, 250, 1000)).isCloseTo(0.853553e-3f, within(1e-9f));
        assertThat(LearningRateSchedule.COSINE.rate(1e-3f, 500, 1000)).isCloseTo(0.5e-3f, within(1e-9f));
        assertThat(LearningRateSchedule.COSINE.rate(1e-3f, 1000, 1000)).isZero();
        assertThat(LearningRateSchedule.COSINE.rate(1e-3f, 1200, 1000)).as("past the plan").isZero();
        assertThatThrownBy(() -> LearningRateSchedule.COSINE.rate(1e-3f, 0, 0))
                .hasMessageContaining("planned steps");
    }

    @Test
    void resumeWithoutCheckpointIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> trainer(1).train(toyData(16, 1), toyData(4, 2), files(dir), true, TrainListener.NONE))
                .hasMessageContaining("no checkpoint to resume from");
    }

    @Test
    void truncatedCheckpointIsRejected(@TempDir Path dir) throws Exception {
        trainer(1).train(toyData(16, 1), toyData(4, 2), files(dir), false, TrainListener.NONE);
        Path ck = dir.resolve(RunDirectory.CHECKPOINT);
        byte[] all = Files.readAllBytes(ck);
        Files.write(ck, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> Checkpoint.read(ck)).hasMessageContaining("truncated");
    }
}
