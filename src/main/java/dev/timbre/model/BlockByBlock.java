package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
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
     * The network's output for {@code x}; a network that is no sequence runs as a whole.
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
