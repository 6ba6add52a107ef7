package dev.timbre.train;

import dev.timbre.model.ComputeDevice;
import dev.timbre.model.BlockByBlock;
import dev.timbre.model.NativeAllocator;
import dev.timbre.model.NativeWork;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Measures the training step (forward, backward, Adam) and the inference forward pass on random inputs: the
 * step is {@link ModelTrainer}'s own (or {@link RecomputingStep}), each batch in its own sub-manager.
 */
public final class TrainStepBenchmark {

    /**
     * @param trainClipsPerSecond     examples per second through forward + backward + optimizer step
     * @param inferenceClipsPerSecond examples per second through the forward pass in inference mode
     */
    public record Result(double trainClipsPerSecond, double inferenceClipsPerSecond, long trainingPeakBytes,
                         long peakBytes) {
    }

    /**
     * The process's peak resident memory so far ({@code VmHWM} of {@code /proc/self/status}), or -1 where the system
     * does not say.
     */
    public static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private TrainStepBenchmark() {
    }

    /**
     * @param exampleShape {@code (maps, rows, frames)}
     * @param warmup       untimed steps first
     * @param steps        timed steps
     * @param recompute    train with {@link RecomputingStep} instead of keeping every activation
     * @param device       where the network runs
     */
    public static Result run(Supplier<Block> factory, Shape exampleShape, int classes, int batch, int warmup,
                             int steps, boolean recompute, ComputeDevice device) {
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
        try (NativeAllocator.Change heap = recompute ? RecomputingStep.preferMemory() : () -> { };
             Model model = Model.newInstance("bench", device.device())) {
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
                    NativeWork.run(() -> recompute
                            ? RecomputingStep.step(trainer, adam, x, y, batch, exampleShape, classes)
                            : ModelTrainer.step(trainer, adam, x, y, batch, exampleShape, classes));
                }
                double train = steps * (double) batch / ((System.nanoTime() - start) / 1e9);
                long trainingPeak = peakResidentBytes();
                for (int s = 0; s < warmup + steps; s++) {
                    if (s == warmup) {
                        start = System.nanoTime();
                    }
                    BlockByBlock.infer(trainer.getModel().getBlock(), trainer.getManager(), x, batch, exampleShape);
                }
                double infer = steps * (double) batch / ((System.nanoTime() - start) / 1e9);
                return new Result(train, infer, trainingPeak, peakResidentBytes());
            }
        }
    }
}
