package dev.timbre.audio;

import dev.timbre.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Writes RIFF/WAVE files: 16-bit PCM ({@link #write16}) or 32-bit IEEE float ({@link #writeFloat32}).
 *
 * <p>Files are written atomically: the bytes go to a temporary file in the target's directory which is then
 * moved over the target, so a reader never sees a half-written file and a failed write leaves no debris.
 */
public final class WavWriter {

    /** Scale that {@link WavReader} divides 16-bit samples by, so a read-write round trip is exact. */
    private static final float PCM16_SCALE = 32768f;

    private WavWriter() {
    }

    /**
     * Writes 16-bit PCM. Samples are clipped to [-1, 1], scaled by 32768, rounded to the nearest integer
     * (half away from zero) and clipped to [-32768, 32767]; NaN is written as 0. A clip read from a 16-bit
     * file is therefore written back bit for bit.
     *
     * @param file target; replaced if it exists
     * @param clip {@code (channels, frames)} samples
     */
    public static void write16(Path file, AudioClip clip) throws IOException {
        write(file, clip, WavReader.FORMAT_PCM, 2, (buf, v) -> buf.putShort(toPcm16(v)));
    }

    /**
     * Writes 32-bit IEEE float samples unchanged (no clipping), as format tag 3 with a {@code fact} chunk.
     *
     * @param file target; replaced if it exists
     * @param clip {@code (channels, frames)} samples
     */
    public static void writeFloat32(Path file, AudioClip clip) throws IOException {
        write(file, clip, WavReader.FORMAT_IEEE_FLOAT, 4, ByteBuffer::putFloat);
    }

    /** Puts one sample into the buffer in the file's encoding. */
    @FunctionalInterface
    private interface SampleEncoding {
        void put(ByteBuffer buf, float sample);
    }

    private static void write(Path file, AudioClip clip, int formatTag, int sampleBytes, SampleEncoding encoding)
            throws IOException {
        int c = clip.channelCount();
        int n = clip.frames();
        long dataBytes = (long) n * c * sampleBytes;
        checkSize(file, dataBytes);
        writeAtomically(file, out -> {
            out.write(header(formatTag, c, clip.sampleRate(), 8 * sampleBytes, dataBytes));
            ByteBuffer buf = ByteBuffer.allocate(blockBytes(c * sampleBytes)).order(ByteOrder.LITTLE_ENDIAN);
            float[][] x = clip.channels();
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < c; k++) {
                    encoding.put(buf, x[k][f]);
                }
                if (!buf.hasRemaining()) {
                    flush(buf, out);
                }
            }
            flush(buf, out);
        });
    }

    /** One float sample as 16-bit PCM, by the rule documented on {@link #write16}. */
    static short toPcm16(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        float clipped = Math.max(-1f, Math.min(1f, v));
        long q = Math.round(Math.abs(clipped) * PCM16_SCALE);
        long signed = clipped < 0 ? -q : q;
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, signed));
    }

    private static byte[] header(int formatTag, int channels, int rate, int bits, long dataBytes) {
        boolean isFloat = formatTag == WavReader.FORMAT_IEEE_FLOAT;
        int fmtLen = isFloat ? 18 : 16;
        int factLen = isFloat ? 12 : 0;
        int headerLen = 12 + 8 + fmtLen + factLen + 8;
        int blockAlign = channels * bits / 8;
        ByteBuffer h = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt((int) (headerLen - 8 + dataBytes + (dataBytes & 1))).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(fmtLen);
        h.putShort((short) formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        if (isFloat) {
            h.putShort((short) 0); // cbSize: no extension
            h.put(ascii("fact")).putInt(4).putInt((int) (dataBytes / blockAlign));
        }
        h.put(ascii("data")).putInt((int) dataBytes);
        return h.array();
    }

    private static void checkSize(Path file, long dataBytes) throws AudioFormatException {
        // RIFF sizes are unsigned 32-bit; leave room for the header.
        if (dataBytes > 0xFFFF_FFFFL - 64) {
            throw new AudioFormatException(file, "too long for a RIFF/WAVE file (" + dataBytes + " data bytes)");
        }
    }

    private static int blockBytes(int bytesPerFrame) {
        return Math.max(bytesPerFrame, (1 << 16) / bytesPerFrame * bytesPerFrame);
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void writeAtomically(Path file, AtomicFiles.Content body) throws IOException {
        try {
            AtomicFiles.write(file, body);
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
