package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared checks for the architecture tests: parameter counts, forward shapes, one training step. */
final class ModelTesting {

    private ModelTesting() {
    }

    /** Initialises {@code block} for {@code inputShape} (batch 1 is enough) and counts trainable scalars. */
    static long trainableParameters(Block block, Shape inputShape) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, inputShape);
            return ModelParameters.countTrainable(block);
        }
    }

    /** Shape of an inference forward pass of random input. */
    static Shape forwardShape(Block block, Shape inputShape) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, inputShape);
            NDArray input = manager.randomNormal(inputShape);
            NDArray output = block.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            assertThat(output.isInfinite().any().getBoolean() || output.isNaN().any().getBoolean())
                    .as("finite logits").isFalse();
            return output.getShape();
        }
    }

    /**
     * Runs one SGD step on random input with multi-label targets and returns how far the parameters moved
     * (sum of absolute changes), which is positive only if gradients reached the weights.
     */
    static double trainingStepChange(Block block, Shape inputShape, int numClasses) {
        return trainingStepChanges(block, inputShape, numClasses).values().stream()
                .mapToDouble(Double::doubleValue).sum();
    }

    /** As {@link #trainingStepChange}, per trainable parameter (by its path in the block tree). */
    static Map<String, Double> trainingStepChanges(Block block, Shape inputShape, int numClasses) {
        try (Model model = Model.newInstance("training-step")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                NDManager manager = trainer.getManager();
                Map<String, NDArray> before = snapshot(block);
                NDArray input = manager.randomNormal(inputShape);
                NDArray labels = manager.randomUniform(0, 1, new Shape(inputShape.get(0), numClasses)).gt(0.7)
                        .toType(DataType.FLOAT32, false);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                    assertThat(logits.getShape()).isEqualTo(new Shape(inputShape.get(0), numClasses));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                    assertThat(Double.isFinite(loss.getFloat())).as("finite loss").isTrue();
                    collector.backward(loss);
                }
                trainer.step();
                Map<String, NDArray> after = snapshot(block);
                Map<String, Double> changes = new LinkedHashMap<>();
                before.forEach((name, value) ->
                        changes.put(name, (double) after.get(name).sub(value).abs().sum().getFloat()));
                return changes;
            }
        }
    }

    private static Map<String, NDArray> snapshot(Block block) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        block.getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                copies.put(p.getKey(), p.getValue().getArray().duplicate());
            }
        });
        return copies;
    }
}
