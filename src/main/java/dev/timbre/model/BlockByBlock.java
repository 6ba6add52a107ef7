package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a sequential network one block at a time. The engine keeps every array of a forward pass until the scope
 * that made it closes, so a plain forward pass of a batch holds all of the network's activations even in
 * inference, where none is needed again; run block by block, each block's temporaries are freed before the next
 * block runs, and the output is the same array for array. For CoAtNet-0 on a batch of 32 study maps that is
 * several gigabytes.
 */
public final class BlockByBlock {

    private BlockByBlock() {
    }

    /**
     * The blocks run one at a time: the network's children, except that a sequence wrapped with layers that have no
     * parameters (the crop {@link ModelSpec#newBlock} puts in front of a network) is opened, so that its own children
     * are the blocks.
     */
    public static List<Block> blocks(SequentialBlock network) {
        List<Block> children = network.getChildren().values();
        List<Block> trained = children.stream().filter(b -> !b.getParameters().isEmpty()).toList();
        if (trained.size() != 1 || !(trained.get(0) instanceof SequentialBlock inner)) {
            return children;
        }
        List<Block> blocks = new ArrayList<>();
        for (Block child : children) {
            if (child == inner) {
                blocks.addAll(blocks(inner));
            } else {
                blocks.add(child);
            }
        }
        return blocks;
    }

    /**
     * The network's output for {@code x}; a network that is no sequence runs as a whole (an {@link Ensemble} runs
     * its members block by block itself).
     *
     * @param training run in training mode (batch norm on batch statistics, dropout on)
     * @return the output, in {@code x}'s manager
     */
    public static NDArray forward(Block network, ParameterStore parameters, NDArray x, boolean training) {
        if (!(network instanceof SequentialBlock sequential)) {
            return network.forward(parameters, new NDList(x), training).singletonOrThrow();
        }
        return forward(blocks(sequential), parameters, x, training, (i, input) -> { });
    }

    /**
     * The inference logits of {@code n} flattened examples, {@code (n * outputs)}: one pass in its own scope under
     * {@code parent}, channels-last ({@link NetworkInput}), block by block, so that the process does not exit in
     * the middle of it ({@link NativeWork}). Every inference pass of timbre (tagging, validation, evaluation, the
     * benchmark) runs here.
     *
     * <p>PyTorch gives a convolution of one example holding at most 20,480 values (a compact map, or the default
     * network's fourth block) not to oneDNN but to its reference kernel, whose check for NNPACK writes a warning to
     * stderr at every call on a CPU NNPACK does not support. A lone example therefore runs as two copies of itself,
     * which takes oneDNN's path; in inference each example's output depends on that example alone, so the first
     * copy's output is the answer.
     *
     * @param example one example's shape, {@code (maps, bands, frames)}
     */
    public static float[] infer(Block network, NDManager parent, float[] examples, int n, Shape example) {
        boolean lone = n == 1;
        float[] input = lone ? Arrays.copyOf(examples, 2 * examples.length) : examples;
        if (lone) {
            System.arraycopy(examples, 0, input, examples.length, examples.length);
        }
        float[] out = NativeWork.run(() -> {
            try (NDManager scope = parent.newSubManager()) {
                NDArray x = NetworkInput.channelsLast(scope, input, lone ? 2 : n, example);
                return forward(network, new ParameterStore(scope, false), x, false).toFloatArray();
            }
        });
        return lone ? Arrays.copyOf(out, out.length / 2) : out;
    }

    /** Called with each block's index and input just before the block runs. */
    public interface BeforeBlock {
        void accept(int index, NDArray input);
    }

    /**
     * {@code blocks} run in turn on {@code x}, each block's temporaries freed before the next runs.
     *
     * @return the last block's output, in {@code x}'s manager
     */
    public static NDArray forward(List<Block> blocks, ParameterStore parameters, NDArray x, boolean training,
                                  BeforeBlock before) {
        NDManager owner = x.getManager();
        NDArray h = x;
        for (int i = 0; i < blocks.size(); i++) {
            before.accept(i, h);
            try (NDManager blockScope = owner.newSubManager()) {
                h.tempAttach(blockScope);
                NDArray out = blocks.get(i).forward(parameters, new NDList(h), training).singletonOrThrow();
                out.attach(owner);
                h = out;
            }
        }
        return h;
    }
}
