package dev.timbre.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An {@link AudioStream} over a decoder that produces audio a block at a time (a FLAC frame, an MP3 frame, a
 * run of Vorbis PCM): subclasses implement {@link #nextBlock}, this class serves reads of any size from it.
 */
abstract class BlockAudioStream implements AudioStream {

    protected final Path file;
    private final int sampleRate;
    private final int channels;
    private float[][] block;
    private int blockFrames;
    private int position;
    private boolean ended;
    private long delivered;

    BlockAudioStream(Path file, int sampleRate, int channels) throws AudioFormatException {
        AudioLimits.checkHeader(file, sampleRate, channels);
        this.file = file;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /**
     * Decodes the next block into {@code (channels, frames)} floats; returns the number of frames in it
     * (0 allowed), or -1 at the end of the data. The arrays may be reused between calls.
     */
    protected abstract int nextBlock() throws IOException;

    /**
     * Whether the decoder's output is floating point as it came from the file (Ogg Vorbis, ffmpeg's float
     * output), so that NaN or infinite samples can appear and are checked for; integer sources cannot hold them.
     */
    protected boolean floatSource() {
        return false;
    }

    /** The block {@link #nextBlock} filled; set by subclasses. */
    protected final void setBlock(float[][] data) {
        this.block = data;
    }

    @Override
    public final int sampleRate() {
        return sampleRate;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int read(float[][] dst, int offset, int frames) throws IOException {
        if (frames < 0 || offset < 0) {
            throw new IllegalArgumentException("offset and frames must not be negative");
        }
        if (dst.length < channels) {
            throw new IllegalArgumentException("destination has " + dst.length + " rows, stream has " + channels + " channels");
        }
        int done = 0;
        while (done < frames) {
            if (position == blockFrames) {
                if (ended) {
                    break;
                }
                int n;
                try {
                    n = LibraryOutput.muted(this::nextBlock);
                } catch (AudioFormatException e) {
                    throw e;
                } catch (IOException e) {
                    throw new AudioFormatException(file, "corrupt or truncated " + formatName()
                            + " data after " + delivered + " frames (" + e.getMessage() + ")", e);
                } catch (RuntimeException e) {
                    // Decoders meet damaged input with index errors and the like: the cause keeps the details.
                    throw new AudioFormatException(file, "corrupt or truncated " + formatName()
                            + " data after " + delivered + " frames", e);
                }
                if (n < 0) {
                    ended = true;
                    break;
                }
                if (n > 0 && floatSource()) {
                    AudioLimits.checkFinite(file, block, 0, n, delivered);
                }
                blockFrames = n;
                position = 0;
                continue;
            }
            int take = Math.min(frames - done, blockFrames - position);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(block[c], position, dst[c], offset + done, take);
            }
            position += take;
            done += take;
            delivered += take;
        }
        return done == 0 && frames > 0 ? -1 : done;
    }

    /** For messages: "FLAC", "MP3", ... */
    protected abstract String formatName();
}
