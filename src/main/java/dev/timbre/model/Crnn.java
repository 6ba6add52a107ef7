package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.recurrent.GRU;

/**
 * The study's Model 2: Model 1's convolutions read as a sequence by a GRU.
 *
 * <pre>
 * (B, C, 224, 256)                        input: mel bands x frames
 * conv3x3/2      + BN + act  -> (B,  n, 112, 128)
 * conv3x3/2      + BN + act  -> (B, 2n,  56,  64)
 * conv3x3/2      + BN + act  -> (B, 4n,  28,  32)
 * conv3x3/(4, 2) + BN + act  -> (B, 8n,   7,  16)
 * n c l f -> n l (c f)       -> (B, 7, 8n * 16)      the 7 remaining mel rows are the time steps
 * GRU, 1 layer, 8n units     -> (B, 7, 8n)           PyTorch layout: input and hidden bias vectors
 * last step                  -> (B, 8n)
 * dense + act                -> (B, 8 * classes)
 * [dropout]                  -> only when a rate is set; the study had none
 * dense                      -> (B, classes) logits
 * </pre>
 *
 * <p>The sequence runs over the (pooled) mel axis, not over time, exactly as the study's einops pattern
 * {@code n c l f -> n l (c f)} does; frames are folded into the features.
 */
public final class Crnn {

    private Crnn() {
    }

    public static StudyNetBuilder builder() {
        return new StudyNetBuilder("Crnn", Crnn::network);
    }

    private static Block network(StudyNetBuilder b) {
        SequentialBlock net = b.convolutions(block -> block < 3 ? new Shape(2, 2) : new Shape(4, 2));
        net.add(LambdaBlock.singleton(Crnn::mapRowsToSequence, "mapRowsToSequence"))
                .add(GRU.builder()
                        .setStateSize(8 * b.baseChannels)
                        .setNumLayers(1)
                        .optBatchFirst(true)
                        .optReturnState(false)
                        .build())
                .add(LambdaBlock.singleton(Crnn::lastStep, "lastStep"));
        return b.withHead(net);
    }

    /** {@code (B, C, L, F) -> (B, L, C * F)}, einops {@code n c l f -> n l (c f)}. */
    static NDArray mapRowsToSequence(NDArray maps) {
        Shape shape = maps.getShape();
        return maps.transpose(0, 2, 1, 3).reshape(shape.get(0), shape.get(2), shape.get(1) * shape.get(3));
    }

    /** {@code (B, T, H) -> (B, H)}: the GRU output after the last step. */
    static NDArray lastStep(NDArray sequence) {
        return sequence.get(":, -1, :");
    }
}
