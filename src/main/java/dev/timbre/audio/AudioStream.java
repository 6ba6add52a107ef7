package dev.timbre.audio;

import java.io.IOException;
import java.util.List;

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

    /**
     * Frames per channel that the file's header declares (WAV's data size, FLAC's STREAMINFO, an MP3 Info frame),
     * known before any audio is decoded, or -1 when the format does not say. A limit on the length can refuse a
     * file on this alone; the frames actually read may still be fewer (a truncated file).
     */
    default long declaredFrames() {
        return -1;
    }

    /**
     * What reading found wrong but could read past, each in one line (a file shorter than its header says); final
     * once the stream is exhausted.
     */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close() throws IOException;
}
