package dev.timbre.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Facts about a block's parameters. */
public final class ModelParameters {

    private ModelParameters() {
    }

    /**
     * Number of trainable scalars, as PyTorch's {@code sum(p.numel() for p in model.parameters() if
     * p.requires_grad)}: batch norm's running mean and variance do not count.
     *
     * @throws IllegalStateException if the block has not been initialised (parameter shapes are unknown)
     */
    public static long countTrainable(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("block is not initialised; call initialize(manager, type, inputShape)");
        }
        long count = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            if (parameter.requiresGradient()) {
                count += parameter.getShape().size();
            }
        }
        return count;
    }
}
