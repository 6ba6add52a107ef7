package dev.timbre.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Crops the time (last) axis of {@code (B, C, H, W)} maps to {@code frames} columns: the centre in inference, as
 * the study cropped its 224 × 256 mel maps to 224 × 224 for CoAtNet; a random offset in training when asked
 * (drawn from the engine's generator, so a seed fixes it).
 */
public final class TimeCrop extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int frames;
    private final boolean randomInTraining;

    /**
     * @param frames           columns kept
     * @param randomInTraining random offset while training (else always the centre)
     */
    public TimeCrop(int frames, boolean randomInTraining) {
        super(VERSION);
        BuilderChecks.require(frames > 0, "TimeCrop: frames must be positive, got " + frames);
        this.frames = frames;
        this.randomInTraining = randomInTraining;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, C, H, W)
        long w = x.getShape().get(3);
        if (w < frames) {
            throw new IllegalArgumentException("cannot crop " + w + " frames to " + frames);
        }
        long start = (w - frames) / 2;
        if (training && randomInTraining && w > frames) {
            start = x.getManager().randomInteger(0, w - frames + 1, new Shape(1), DataType.INT64).getLong(0);
        }
        return new NDList(x.get(":, :, :, " + start + ":" + (start + frames)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[]{new Shape(s.get(0), s.get(1), s.get(2), frames)};
    }
}
