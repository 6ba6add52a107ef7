package dev.timbre.train;

import dev.timbre.model.ComputeDevice;
import dev.timbre.model.NetworkInput;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Measures the training step (forward, backward, Adam) and the inference forward pass on random inputs: the
 * step is {@link ModelTrainer}'s own, each batch in its own sub-manager.
 */
public final class TrainStepBenchmark {

    /**
     * @param trainClipsPerSecond     examples per second through forward + backward + optimizer step
     * @param inferenceClipsPerSecond examples per second through the forward pass in inference mode
     */
    public record Result(double trainClipsPerSecond, double inferenceClipsPerSecond) {
    }

    private TrainStepBenchmark() {
    }

    /**
     * @param exampleShape {@code (maps, rows, frames)}
     * @param warmup       untimed steps first
     * @param steps        timed steps
     * @param device       where the network runs
     */
    public static Result run(Supplier<Block> factory, Shape exampleShape, int classes, int batch, int warmup,
                             int steps, ComputeDevice device) {
        Shape batchShape = new Shape(batch, exampleShape.get(0), exampleShape.get(1), exampleShape.get(2));
        float[] x = new float[(int) batchShape.size()];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-40 + 15 * r.nextGaussian());
        }
        float[] y = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            y[i * classes + i % classes] = 1f;
        }
        try (Model model = Model.newInstance("bench", device.device())) {
            Block block = factory.get();
            model.setBlock(block);
            Engine.getInstance().setRandomSeed(1);
            block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);
            CheckpointedAdam adam = new CheckpointedAdam(block.getParameters(), model.getNDManager(), 1e-3f);
            try (Trainer trainer = model.newTrainer(ModelTrainer.config(adam))) {
                trainer.initialize(batchShape);
                long start = 0;
                for (int s = 0; s < warmup + steps; s++) {
                    if (s == warmup) {
                        start = System.nanoTime();
                    }
                    ModelTrainer.step(trainer, adam, x, y, batch, exampleShape, classes);
                }
                double train = steps * (double) batch / ((System.nanoTime() - start) / 1e9);
                for (int s = 0; s < warmup + steps; s++) {
                    if (s == warmup) {
                        start = System.nanoTime();
                    }
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        trainer.evaluate(new NDList(NetworkInput.channelsLast(scope, x, batch, exampleShape))).singletonOrThrow()
                                .toFloatArray();
                    }
                }
                double infer = steps * (double) batch / ((System.nanoTime() - start) / 1e9);
                return new Result(train, infer);
            }
        }
    }
}
