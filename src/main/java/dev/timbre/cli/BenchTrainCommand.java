package dev.timbre.cli;

import ai.djl.ndarray.types.Shape;
import dev.timbre.model.ModelParameters;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.TrainStepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code timbre bench train}: training and inference clips/s of a model on random input of the right shape. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training-step (forward + backward + Adam) and inference clips/s on random input, "
                + "batches scoped as in training (features from the cache cost nothing extra).")
public final class BenchTrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps after 2 warm-up steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--recompute", description = "Train as `timbre train --recompute` does: each block's "
            + "activations recomputed for its backward pass instead of kept.")
    boolean recompute;

    private static final double GIB = 1024.0 * 1024 * 1024;

    @Option(names = "--json", description = "End with one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelSpec s = model.spec();
        long[] shape = model.features().mapShape();
        s.requireInputOf(model.features());
        long params;
        try (ai.djl.Model m = ai.djl.Model.newInstance("count")) {
            var block = s.newBlock();
            m.setBlock(block);
            block.initialize(m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, s.inputShape(1));
            params = ModelParameters.countTrainable(block);
        }
        TrainStepBenchmark.Result r = TrainStepBenchmark.run(s::newBlock, new Shape(shape), s.numClasses(), batch, 2,
                steps, recompute, TimbreCli.device(spec));
        out.printf(Locale.ROOT, "%s, batch %d: %,d trainable parameters, training%s %.1f clips/s, inference %.1f "
                + "clips/s (C heap: %s)%n", s.describe(), batch, params, recompute ? " (recomputing activations)" : "",
                r.trainClipsPerSecond(), r.inferenceClipsPerSecond(),
                dev.timbre.model.NativeAllocator.tune());
        if (r.peakBytes() > 0) {
            out.printf(Locale.ROOT, "Peak resident memory: %.2f GiB after the training steps, %.2f GiB after "
                    + "inference%n", r.trainingPeakBytes() / GIB, r.peakBytes() / GIB);
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"model\":\"%s\",\"batch\":%d,\"parameters\":%d,\"recompute\":%b,"
                    + "\"train_clips_per_s\":%.2f,\"inference_clips_per_s\":%.2f,\"training_peak_bytes\":%d,"
                    + "\"peak_bytes\":%d}%n", s.architecture().cliName(), batch, params, recompute,
                    r.trainClipsPerSecond(), r.inferenceClipsPerSecond(), r.trainingPeakBytes(), r.peakBytes());
        }
        return 0;
    }
}
