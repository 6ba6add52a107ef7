package dev.timbre.feature;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One clip's feature maps {@code (maps, nMels, frames)} stored as float16, either packed on the heap or left in
 * a cache entry on disk and read each time they are needed.
 *
 * <p>A cached map holds only its entry's path: a training set of any size costs a few dozen bytes per clip in
 * the heap and nothing in the process's resident set between batches (a memory mapping would keep every page
 * ever touched resident, so a full IRMAS epoch would grow the process by the whole cache). The operating
 * system's page cache still makes the second and later epochs reads from memory.
 */
public final class FeatureMap {

    /** One read buffer per thread (batch assembly runs on a few producer threads). */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private final int maps;
    private final int rows;
    private final int frames;
    private final ShortBuffer data;
    private final Path entry;
    private final long dataOffset;

    private FeatureMap(int maps, int rows, int frames, ShortBuffer data, Path entry, long dataOffset) {
        this.maps = maps;
        this.rows = rows;
        this.frames = frames;
        this.data = data;
        this.entry = entry;
        this.dataOffset = dataOffset;
    }

    FeatureMap(int maps, int rows, int frames, ShortBuffer data) {
        this(maps, rows, frames, data, null, 0);
        if (data.remaining() != maps * rows * frames) {
            throw new IllegalArgumentException("feature data holds " + data.remaining() + " values, shape needs "
                    + maps * rows * frames);
        }
    }

    /** A map whose float16 values lie little-endian in {@code entry} from byte {@code dataOffset} on. */
    static FeatureMap stored(int maps, int rows, int frames, Path entry, long dataOffset) {
        return new FeatureMap(maps, rows, frames, null, entry, dataOffset);
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

    /**
     * Writes the maps as floats into {@code dst} at {@code offset}, laid out {@code (maps, rows, frames)}.
     *
     * @throws UncheckedIOException when a cached entry can no longer be read (deleted or truncated since)
     */
    public void copyTo(float[] dst, int offset) {
        ShortBuffer d = raw();
        int n = length();
        for (int i = 0; i < n; i++) {
            dst[offset + i] = Half.toFloat(d.get(i));
        }
    }

    /** The float16 values; for a cached map, read into this thread's buffer (valid until its next read). */
    ShortBuffer raw() {
        if (data != null) {
            return data.duplicate();
        }
        int bytes = 2 * length();
        ByteBuffer buf = READ_BUFFER.get();
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocate(bytes);
            READ_BUFFER.set(buf);
        }
        buf.clear().limit(bytes);
        try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, dataOffset + buf.position()) < 0) {
                    throw new EOFException("shorter than its header says");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(entry + ": cached features unreadable (" + e.getMessage() + ")", e);
        }
        buf.flip();
        return buf.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    }
}
