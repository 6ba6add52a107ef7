package dev.timbre.train;

/**
 * One assembled batch on the heap, ready to become NDArrays.
 *
 * @param features {@code (size, maps, nMels, frames)} flattened
 * @param targets  {@code (size, classes)} multi-hot
 * @param size     examples in this batch (the last batch of an epoch may be smaller)
 */
public record TrainBatch(float[] features, float[] targets, int size) {
}
