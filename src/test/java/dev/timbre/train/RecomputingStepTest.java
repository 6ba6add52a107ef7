package dev.timbre.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.BandNormalization;
import dev.timbre.model.BlockByBlock;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.InputNorm;
import dev.timbre.model.NetworkInput;
import dev.timbre.model.TimeCrop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecomputingStepTest {

    private static final int CLASSES = ModelTrainerTest.CLASSES;
    private static final Shape EXAMPLE = ModelTrainerTest.EXAMPLE;

    /**
     * The toy network behind an input normalisation and a centre crop, two layers without parameters: segments
     * from both levels, batch norm alone in one.
     */
    private static Block croppedNet() {
        return new SequentialBlock().add(new BandNormalization(InputNorm.SPECTRAL_TILT))
                .add(new TimeCrop(10, false)).add(ModelTrainerTest.toyNet());
    }

    private static TrainSettings settings(boolean recompute) {
        return new TrainSettings(8, 1e-2f, 2, 50, 7L, 0.2, 0.5, 3, 6.0, 3.0, true, 1, 0, 0,
                LearningRateSchedule.COSINE, recompute, null);
    }

    private static ModelTrainer trainer(Supplier<Block> net, boolean recompute) {
        TrainSettings s = settings(recompute);
        FeatureSettings maps = AugmentationTest.maps(1, 8, 12, false);
        return new ModelTrainer(net, EXAMPLE, new Mixer(maps), new Augmenter(maps, s), CLASSES, s,
                ComputeDevice.AUTO);
    }

    @Test
    void theWrappedNetworkRunsAsItsTwoInputLayersAndTheToyNetworksLayers() {
        SequentialBlock net = (SequentialBlock) croppedNet();
        List<Block> blocks = BlockByBlock.blocks(net);
        assertThat(blocks).hasSize(7);
        assertThat(blocks.get(0)).isInstanceOf(BandNormalization.class);
        assertThat(blocks.get(1)).isInstanceOf(TimeCrop.class);
        assertThat(BlockByBlock.blocks((SequentialBlock) ModelTrainerTest.toyNet())).hasSize(5);
    }

    @Test
    void trainingWhileRecomputingEndsWithTheSameWeightsAsKeepingEveryActivation(@TempDir Path dir) throws Exception {
        TrainingOutcome kept = trainer(RecomputingStepTest::croppedNet, false)
                .train(ModelTrainerTest.toyData(64, 1), ModelTrainerTest.toyData(16, 2),
                        ModelTrainerTest.files(dir.resolve("kept")), false, TrainListener.NONE);
        TrainingOutcome recomputed = trainer(RecomputingStepTest::croppedNet, true)
                .train(ModelTrainerTest.toyData(64, 1), ModelTrainerTest.toyData(16, 2),
                        ModelTrainerTest.files(dir.resolve("recomputed")), false, TrainListener.NONE);

        for (int e = 0; e < 2; e++) {
            assertThat(recomputed.epochs().get(e).trainLoss())
                    .isCloseTo(kept.epochs().get(e).trainLoss(), org.assertj.core.api.Assertions.within(1e-5));
            assertThat(recomputed.epochs().get(e).valLoss())
                    .isCloseTo(kept.epochs().get(e).valLoss(), org.assertj.core.api.Assertions.within(1e-5));
        }
        float[][] a = weights(dir.resolve("kept").resolve("weights.params"));
        float[][] b = weights(dir.resolve("recomputed").resolve("weights.params"));
        assertThat(b.length).isEqualTo(a.length);
        double largest = 0;
        for (int p = 0; p < a.length; p++) {
            assertThat(b[p].length).isEqualTo(a[p].length);
            for (int i = 0; i < a[p].length; i++) {
                largest = Math.max(largest, Math.abs(a[p][i] - b[p][i]) / Math.max(1, Math.abs(a[p][i])));
            }
        }
        // Batch norm's running statistics are among the arrays: updated once per step, not twice.
        assertThat(largest).isLessThan(1e-5);
    }

    @Test
    void blockByBlockInferenceGivesTheNetworksLogits() {
        Block net = croppedNet();
        withTrainer(net, 3, (trainer, adam) -> {
            float[] x = randomFeatures(4);
            // One step first, so that the running statistics are not the initial ones.
            ModelTrainer.step(trainer, adam, x, targets(4), 4, EXAMPLE, CLASSES);
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray input = NetworkInput.channelsLast(scope, x, 4, EXAMPLE);
                float[] plain = trainer.evaluate(new NDList(input)).singletonOrThrow().toFloatArray();
                float[] blockwise = BlockByBlock.forward(net, new ai.djl.training.ParameterStore(scope, false),
                        input, false).toFloatArray();
                assertThat(blockwise).containsExactly(plain, org.assertj.core.api.Assertions.within(1e-5f));
            }
        });
    }

    @Test
    void aNetworkWithDropoutAndARandomCropTrainsWhileRecomputingAndRepeatsForASeed() {
        float[][] first = stepWithDropout();
        float[][] second = stepWithDropout();
        for (int p = 0; p < first.length; p++) {
            assertThat(second[p]).containsExactly(first[p]);
        }
        assertThat(first.length).isPositive();
    }

    @Test
    void aNetworkThatIsNoSequenceIsRefused() {
        Block net = new ai.djl.nn.ParallelBlock(l -> l.get(0), List.of(ModelTrainerTest.toyNet()));
        withTrainer(net, 1, (trainer, adam) ->
                assertThatThrownBy(() -> RecomputingStep.step(trainer, adam, randomFeatures(4), targets(4), 4,
                        EXAMPLE, CLASSES))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("sequential network"));
    }

    @Test
    void aRunMayResumeWithOrWithoutRecomputing() throws Exception {
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(settings(false));
        Checkpoint written = new Checkpoint(Checkpoint.Progress.start(), json.getBytes(), new byte[0], new byte[0]);
        assertThat(written.settingsChanges(settings(true))).isEmpty();
        assertThat(written.settingsChanges(settings(true).withEpochs(3))).containsExactly("maxEpochs: 2 → 3");
    }

    private static float[][] stepWithDropout() {
        SequentialBlock net = (SequentialBlock) ModelTrainerTest.toyNet();
        SequentialBlock withDropout = new SequentialBlock();
        List<Block> layers = net.getChildren().values();
        for (int i = 0; i < layers.size(); i++) {
            withDropout.add(layers.get(i));
            if (i == 2) {
                withDropout.add(new SequentialBlock().add(Dropout.builder().optRate(0.5f).build()));
            }
        }
        Block wrapped = new SequentialBlock().add(new TimeCrop(10, true)).add(withDropout);
        List<float[]> values = new ArrayList<>();
        withTrainer(wrapped, 5, (trainer, adam) -> {
            Engine.getInstance().setRandomSeed(11);
            float loss = RecomputingStep.step(trainer, adam, randomFeatures(4), targets(4), 4, EXAMPLE, CLASSES);
            assertThat(loss).isFinite();
            for (Pair<String, Parameter> p : wrapped.getParameters()) {
                values.add(p.getValue().getArray().toFloatArray());
            }
        });
        return values.toArray(float[][]::new);
    }

    /** Runs {@code body} with a trainer for {@code net}, initialised for batches of 4 from {@code seed}. */
    private static void withTrainer(Block net, int seed, BiConsumer<Trainer, CheckpointedAdam> body) {
        try (Model model = Model.newInstance("recompute")) {
            model.setBlock(net);
            Shape batch = new Shape(4, 1, 8, 12);
            Engine.getInstance().setRandomSeed(seed);
            net.initialize(model.getNDManager(), DataType.FLOAT32, batch);
            CheckpointedAdam adam = new CheckpointedAdam(net.getParameters(), model.getNDManager(), 1e-2f);
            try (Trainer trainer = model.newTrainer(ModelTrainer.config(adam))) {
                trainer.initialize(batch);
                body.accept(trainer, adam);
            }
        }
    }

    private static float[] randomFeatures(int n) {
        Random r = new Random(9);
        float[] x = new float[n * (int) EXAMPLE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-40 + 10 * r.nextGaussian());
        }
        return x;
    }

    private static float[] targets(int n) {
        float[] y = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            y[i * CLASSES + i % CLASSES] = 1;
        }
        return y;
    }

    /** Every parameter array of a saved cropped network, in order. */
    private static float[][] weights(Path file) throws Exception {
        try (Model model = Model.newInstance("read")) {
            Block net = croppedNet();
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 8, 12));
            try (InputStream in = Files.newInputStream(file)) {
                net.loadParameters(model.getNDManager(), new DataInputStream(in));
            }
            List<float[]> values = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                values.add(p.getValue().getArray().toFloatArray());
            }
            return values.toArray(float[][]::new);
        }
    }
}
