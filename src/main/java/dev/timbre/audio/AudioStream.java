package dev.timbre.audio;

import java.io.IOException;

/**
 * Decoded audio read incrementally, so an hour-long file is processed in constant memory. Samples are floats
 * as {@link AudioClip} holds them (in [-1, 1] for integer sources). Not thread-safe.
 */
public interface AudioStream extends AutoCloseable {

    /** Frames per second. */
    int sampleRate();

    /** Channels; every {@code dst} passed to {@link #read} needs at least this many rows. */
    int channels();

    /**
     * Reads up to {@code frames} frames into {@code dst[c][offset ..]} for every channel {@code c}.
     *
     * @return the frames read, fewer than asked only at the end of the stream; -1 once the stream is exhausted
     * @throws AudioFormatException when the data turns out to be corrupt; the message names the file
     */
    int read(float[][] dst, int offset, int frames) throws IOException;

    @Override
    void close() throws IOException;
}
