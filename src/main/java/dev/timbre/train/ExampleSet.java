package dev.timbre.train;

/**
 * Labelled fixed-size feature maps that a batch can be assembled from without holding the whole set in the
 * heap (implementations read cache entries from disk per batch).
 */
public interface ExampleSet {

    /** Number of examples. */
    int size();

    /** Floats in one example: {@code maps * nMels * frames}. */
    int exampleLength();

    /** Copies example {@code index}, laid out {@code (maps, nMels, frames)}, into {@code dst} at {@code offset}. */
    void copyFeatures(int index, float[] dst, int offset);

    /** Class index of example {@code index} (training clips carry one predominant instrument). */
    int label(int index);
}
