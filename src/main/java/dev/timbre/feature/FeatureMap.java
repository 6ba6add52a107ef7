package dev.timbre.feature;

import java.nio.ShortBuffer;

/**
 * One clip's feature maps {@code (maps, nMels, frames)} stored as float16, usually memory-mapped from the
 * cache so that a training set never has to sit in the heap.
 */
public final class FeatureMap {

    private final int maps;
    private final int rows;
    private final int frames;
    private final ShortBuffer data;

    FeatureMap(int maps, int rows, int frames, ShortBuffer data) {
        if (data.remaining() != maps * rows * frames) {
            throw new IllegalArgumentException("feature data holds " + data.remaining() + " values, shape needs "
                    + maps * rows * frames);
        }
        this.maps = maps;
        this.rows = rows;
        this.frames = frames;
        this.data = data;
    }

    /** Packs computed features into float16 on the heap. */
    public static FeatureMap of(float[][][] features) {
        int m = features.length;
        int r = features[0].length;
        int f = features[0][0].length;
        short[] s = new short[m * r * f];
        int i = 0;
        for (float[][] map : features) {
            for (float[] row : map) {
                for (float v : row) {
                    s[i++] = Half.fromFloat(v);
                }
            }
        }
        return new FeatureMap(m, r, f, ShortBuffer.wrap(s));
    }

    public int length() {
        return maps * rows * frames;
    }

    public long[] shape() {
        return new long[]{maps, rows, frames};
    }

    /** Writes the maps as floats into {@code dst} at {@code offset}, laid out {@code (maps, rows, frames)}. */
    public void copyTo(float[] dst, int offset) {
        ShortBuffer d = data.duplicate();
        int n = length();
        for (int i = 0; i < n; i++) {
            dst[offset + i] = Half.toFloat(d.get(i));
        }
    }

    ShortBuffer raw() {
        return data.duplicate();
    }
}
