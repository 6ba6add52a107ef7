package dev.timbre.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

/**
 * The study's Model 1: four strided convolution blocks and two dense layers.
 *
 * <pre>
 * (B, C, 224, 256)                      input: C = 1 (mono) or 2 (stereo), mel bands x frames
 * conv3x3/2 + BN + act  -> (B,  n, 112, 128)
 * conv3x3/2 + BN + act  -> (B, 2n,  56,  64)
 * conv3x3/2 + BN + act  -> (B, 4n,  28,  32)
 * conv3x3/2 + BN + act  -> (B, 8n,  14,  16)
 * flatten               -> (B, 8n * 14 * 16)
 * dense + act           -> (B, 8 * classes)
 * [dropout]             -> only when a rate is set; the study had none
 * dense                 -> (B, classes) logits
 * </pre>
 *
 * <p>The dense layer after flattening holds most of the weights, so the parameter count depends on the input
 * size: DJL infers it from the input shape at initialisation.
 */
public final class SimpleCnn {

    private SimpleCnn() {
    }

    public static StudyNetBuilder builder() {
        return new StudyNetBuilder("SimpleCnn", SimpleCnn::network);
    }

    private static Block network(StudyNetBuilder b) {
        SequentialBlock net = b.convolutions(block -> new Shape(2, 2));
        net.add(Blocks.batchFlattenBlock());
        return b.withHead(net);
    }

}
