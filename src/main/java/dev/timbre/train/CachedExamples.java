package dev.timbre.train;

import dev.timbre.feature.FeatureMap;

import java.util.List;

/**
 * Training examples backed by cached float16 feature maps, read from disk (the page cache, once warm) per batch.
 *
 * @param maps   one per example
 * @param labels class index per example
 */
public record CachedExamples(List<FeatureMap> maps, int[] labels) implements ExampleSet {

    public CachedExamples {
        if (maps.size() != labels.length) {
            throw new IllegalArgumentException(maps.size() + " feature maps but " + labels.length + " labels");
        }
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("no examples");
        }
    }

    @Override
    public int size() {
        return maps.size();
    }

    @Override
    public int exampleLength() {
        return maps.get(0).length();
    }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) {
        maps.get(index).copyTo(dst, offset);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
