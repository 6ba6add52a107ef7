package dev.timbre.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.timbre.model.BlockByBlock;
import dev.timbre.model.NativeAllocator;
import dev.timbre.model.NetworkInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A training step for a sequential network that keeps, of the forward pass, only each top-level block's input, and
 * runs each block's forward pass again just before its backward pass (gradient checkpointing; Chen, Xu, Zhang and
 * Guestrin, 2016). At any moment only one block's activations are held instead of all of them, for the cost of a
 * second forward pass; and while it trains, the largest arrays are mapped afresh ({@link #preferMemory}) so that the
 * memory they leave goes back to the system. For CoAtNet-0, whose high-resolution MBConv stages hold most of a
 * batch's activations, that is what brings a batch of 32 within a few gigabytes.
 *
 * <p>The gradients and the update are {@link ModelTrainer#step}'s to float rounding. Two things would otherwise
 * differ between the passes, and are kept equal: batch norm's running statistics, which the second forward pass
 * of a block would update a second time, are put back to their values after the first; and random layers (dropout,
 * a random crop) draw from the engine's generator reseeded to the same value before both passes of a block.
 */
final class RecomputingStep {

    /**
     * Arrays from this size up are mapped afresh rather than taken from the C heap while recomputing. With one heap
     * for all threads, CoAtNet-0 at batch 32 peaked at 6.96 GiB recomputing with heap-served arrays, and at 5.09 GiB
     * with this threshold (docs/measurements.md).
     */
    static final int MAPPED_ARRAY_BYTES = 64 << 20;

    private RecomputingStep() {
    }

    /**
     * Sets the process's C heap up for recomputing steps, memory first ({@link #MAPPED_ARRAY_BYTES}), until the
     * change is closed.
     */
    static NativeAllocator.Change preferMemory() {
        return NativeAllocator.mapLargeArrays(MAPPED_ARRAY_BYTES);
    }

    /**
     * @param features {@code n} flattened examples
     * @param targets  {@code (n, classes)}
     * @return the batch's loss
     * @throws IllegalArgumentException for a network that is not a {@link SequentialBlock} (all of timbre's are)
     */
    static float step(Trainer trainer, CheckpointedAdam adam, float[] features, float[] targets, int n,
                      Shape exampleShape, int classes) {
        Block network = trainer.getModel().getBlock();
        if (!(network instanceof SequentialBlock sequential)) {
            throw new IllegalArgumentException("recomputing activations needs a sequential network, got "
                    + network.getClass().getSimpleName());
        }
        List<Block> blocks = BlockByBlock.blocks(sequential);
        // The parameters' own arrays, as the trainer's store hands them out on one device.
        ParameterStore parameters = new ParameterStore(trainer.getManager(), false);
        float loss;
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = NetworkInput.channelsLast(scope, features, n, exampleShape);
            NDArray y = NetworkInput.copyOf(scope, targets, new Shape(n, classes));
            int[] seeds = new int[blocks.size()];
            List<NDArray> inputs = new ArrayList<>(blocks.size());

            // Forward without a graph (outside a gradient collector the engine records none), keeping each
            // block's input; each block's temporaries go with its scope.
            if (JniUtils.isGradMode()) {
                throw new IllegalStateException("a recomputing step must start outside a gradient collector");
            }
            // The last block runs once, with its graph, in the backward sweep.
            NDArray last = BlockByBlock.forward(blocks.subList(0, blocks.size() - 1), parameters, x, true,
                    (i, input) -> {
                        inputs.add(input);
                        seeds[i] = drawSeed(scope);
                        Engine.getInstance().setRandomSeed(seeds[i]);
                    });
            inputs.add(last);
            seeds[blocks.size() - 1] = drawSeed(scope);

            // Backward, last block first: run the block again with its graph, then backward from the loss (last
            // block) or from the gradient its output received (<out, g> has gradient g with respect to out).
            NDArray upstream = null;
            float batchLoss = Float.NaN;
            // Layers without parameters in front of the network (a crop, an input normalisation) need neither
            // a gradient nor a second run.
            int firstTrained = 0;
            while (firstTrained < blocks.size() - 1 && blocks.get(firstTrained).getParameters().isEmpty()) {
                firstTrained++;
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
                for (int i = blocks.size() - 1; i >= firstTrained; i--) {
                    Block block = blocks.get(i);
                    try (NDManager blockScope = scope.newSubManager()) {
                        NDArray in = inputs.get(i);
                        in.tempAttach(blockScope);
                        if (i > firstTrained) {
                            in.setRequiresGradient(true);
                        }
                        List<NDArray> stats = i == blocks.size() - 1 ? List.of() : runningStatistics(block);
                        List<NDArray> saved = new ArrayList<>(stats.size());
                        for (NDArray s : stats) {
                            NDArray copy = s.duplicate();
                            copy.attach(blockScope);
                            saved.add(copy);
                        }
                        Engine.getInstance().setRandomSeed(seeds[i]);
                        NDArray out = block.forward(parameters, new NDList(in), true).singletonOrThrow();
                        if (upstream == null) {
                            NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(out));
                            batchLoss = l.getFloat();
                            collector.backward(l);
                        } else {
                            collector.backward(out.mul(upstream).sum());
                            upstream.close();
                        }
                        // After the backward pass, which needs the statistics the graph saw.
                        for (int s = 0; s < stats.size(); s++) {
                            saved.get(s).copyTo(stats.get(s));
                        }
                        if (i > firstTrained) {
                            upstream = in.getGradient().duplicate();
                            upstream.attach(scope);
                        }
                    }
                }
            }
            loss = batchLoss;
            update(sequential, adam);
        }
        return loss;
    }

    /** A seed from the engine's generator, which the epoch's seed and the steps before determine. */
    private static int drawSeed(NDManager manager) {
        return (int) manager.randomInteger(0, Integer.MAX_VALUE, new Shape(1), DataType.INT64).getLong(0);
    }

    /** Batch norm's running mean and variance inside {@code block}: arrays that training changes but no gradient. */
    private static List<NDArray> runningStatistics(Block block) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient() && parameter.isInitialized()) {
                arrays.add(parameter.getArray());
            }
        }
        return arrays;
    }

    /**
     * Adam on every trained parameter with the gradient the sweep accumulated, then the gradient cleared, as the
     * trainer's step does for the plain pass.
     */
    private static void update(SequentialBlock network, CheckpointedAdam adam) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            try (NDArray grad = weight.getGradient(); NDArray copy = grad.duplicate()) {
                adam.update(parameter.getId(), weight, copy);
                grad.subi(grad);
            }
        }
        adam.endStep();
    }
}
