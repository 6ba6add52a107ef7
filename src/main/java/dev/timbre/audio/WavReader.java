package dev.timbre.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float 32/64 and WAVE_FORMAT_EXTENSIBLE carrying either,
 * any channel count and sample rate. Unknown chunks are skipped (with RIFF's pad byte after odd sizes);
 * a data chunk that claims more bytes than the file holds is read up to the last whole frame.
 *
 * <p>Every failure is an {@link AudioFormatException} whose message names the file and the reason; a codec or
 * variant this reader does not decode (ADPCM, A-law, mu-law, 12-bit PCM, RF64, ...) is the subclass
 * {@link UnsupportedAudioFormatException}.
 */
public final class WavReader {

    static final int FORMAT_PCM = 0x0001;
    static final int FORMAT_IEEE_FLOAT = 0x0003;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /**
     * The format chunk's essentials.
     *
     * @param frames        whole frames present in the file
     * @param claimedFrames whole frames the data chunk's size declares, or -1 for the placeholder sizes (0 and
     *                      0xFFFFFFFF) that streaming writers leave when they cannot seek back
     */
    public record Header(int formatTag, int channels, int sampleRate, int bitsPerSample, long dataOffset,
                         long frames, long claimedFrames) {

        public int bytesPerFrame() {
            return channels * (bitsPerSample / 8);
        }
    }

    /** Decodes the whole file into {@code (channels, frames)} floats. */
    public static AudioClip read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = readHeader(file, ch);
            if (h.frames() > Integer.MAX_VALUE) {
                throw new AudioFormatException(file, "too long to decode at once (" + h.frames() + " frames)");
            }
            return readFrames(file, ch, h, 0, (int) h.frames());
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads only the header: format, rate, channel count and the number of whole frames present. */
    public static Header header(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return readHeader(file, ch);
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes {@code count} frames starting at frame {@code first} (clamped to what the file holds), so long
     * files can be streamed window by window. A clip of zero frames comes back when {@code first} is at or
     * past the end.
     *
     * @param ch an open channel on {@code file}, whose header {@code h} came from {@link #header(FileChannel, Path)}
     */
    public static AudioClip readFrames(Path file, FileChannel ch, Header h, long first, int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("frame count must not be negative, got " + count);
        }
        long start = Math.min(Math.max(0, first), h.frames());
        int n = (int) Math.min(count, h.frames() - start);
        int bpf = h.bytesPerFrame();
        float[][] out = new float[h.channels()][n];
        ByteBuffer buf = ByteBuffer.allocate(Math.max(bpf, (1 << 16) / bpf * bpf)).order(ByteOrder.LITTLE_ENDIAN);
        long pos = h.dataOffset() + start * bpf;
        int frame = 0;
        while (frame < n) {
            buf.clear();
            int want = (int) Math.min(buf.capacity(), (long) (n - frame) * bpf);
            buf.limit(want);
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) {
                    throw new AudioFormatException(file, "data ends early at frame " + (start + frame));
                }
            }
            buf.flip();
            pos += want;
            int frames = want / bpf;
            decode(buf, h, out, frame, frames);
            if (h.formatTag() == FORMAT_IEEE_FLOAT) {
                AudioLimits.checkFinite(file, out, frame, frames, start + frame);
            }
            frame += frames;
        }
        return new AudioClip(out, h.sampleRate());
    }

    /** Reads the header from a channel the caller opened (and will close), for streaming with readFrames. */
    public static Header header(FileChannel ch, Path file) throws IOException {
        return readHeader(file, ch);
    }

    static FileChannel open(Path file) throws IOException {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new AudioFormatException(file, "is a directory, not an audio file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new AudioFormatException(file, "no such file");
        } catch (IOException e) {
            throw new AudioFormatException(file, "cannot open (" + e.getMessage() + ")", e);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        if (size < 12 || readFully(ch, b, 0) < 12) {
            throw new AudioFormatException(file, "not a WAV file (shorter than a RIFF header)");
        }
        String riff = ascii(b, 0);
        String wave = ascii(b, 8);
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            if (riff.equals("RF64")) {
                throw new UnsupportedAudioFormatException(file, "RF64 WAV files are not supported");
            }
            throw new AudioFormatException(file, "not a RIFF/WAVE file");
        }
        int formatTag = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        long pos = 12;
        ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (pos + 8 <= size) {
            chunk.clear();
            readFully(ch, chunk, pos);
            String id = ascii(chunk, 0);
            long len = Integer.toUnsignedLong(chunk.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (len < 16 || body + 16 > size) {
                    throw new AudioFormatException(file, "truncated format chunk");
                }
                ByteBuffer f = ByteBuffer.allocate((int) Math.min(len, 64)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, f, body);
                formatTag = Short.toUnsignedInt(f.getShort(0));
                channels = Short.toUnsignedInt(f.getShort(2));
                rate = f.getInt(4);
                blockAlign = Short.toUnsignedInt(f.getShort(12));
                bits = Short.toUnsignedInt(f.getShort(14));
                if (formatTag == FORMAT_EXTENSIBLE) {
                    if (len < 40 || f.limit() < 26) {
                        throw new AudioFormatException(file, "truncated WAVE_FORMAT_EXTENSIBLE header");
                    }
                    // The sub-format GUID starts with the plain format tag.
                    formatTag = Short.toUnsignedInt(f.getShort(24));
                }
            } else if (id.equals("data")) {
                if (formatTag < 0) {
                    throw new AudioFormatException(file, "data chunk before format chunk");
                }
                Header h = validate(file, formatTag, channels, rate, bits, blockAlign, body, 0);
                long available = Math.min(len, size - body);
                long frames = available / h.bytesPerFrame();
                if (frames == 0) {
                    throw new AudioFormatException(file, "no audio frames");
                }
                long claimed = len == 0 || len == 0xFFFFFFFFL ? -1 : len / h.bytesPerFrame();
                return new Header(h.formatTag(), channels, rate, bits, body, frames, claimed);
            }
            pos = body + len + (len & 1);
        }
        if (formatTag < 0) {
            throw new AudioFormatException(file, "no format chunk (truncated header?)");
        }
        throw new AudioFormatException(file, "no data chunk (truncated file?)");
    }

    private static Header validate(Path file, int tag, int channels, int rate, int bits, int blockAlign,
                                   long dataOffset, long frames) throws AudioFormatException {
        // The rate field is unsigned: read as an int, 2^31 Hz and more look negative.
        AudioLimits.checkHeader(file, Integer.toUnsignedLong(rate), channels);
        boolean ok = switch (tag) {
            case FORMAT_PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
            case FORMAT_IEEE_FLOAT -> bits == 32 || bits == 64;
            default -> false;
        };
        if (!ok) {
            String codec = switch (tag) {
                case FORMAT_PCM -> bits + "-bit PCM";
                case FORMAT_IEEE_FLOAT -> bits + "-bit float";
                case 0x0002 -> "MS ADPCM";
                case 0x0006 -> "A-law";
                case 0x0007 -> "mu-law";
                case 0x0011 -> "IMA ADPCM";
                case 0x0055 -> "MPEG layer 3";
                default -> String.format("format tag 0x%04X with %d bits", tag, bits);
            };
            throw new UnsupportedAudioFormatException(file, "unsupported codec: " + codec);
        }
        if (blockAlign != 0 && blockAlign != channels * (bits / 8)) {
            throw new AudioFormatException(file,
                    "block align " + blockAlign + " does not match " + channels + " channels of " + bits + " bits");
        }
        return new Header(tag, channels, rate, bits, dataOffset, frames, frames);
    }

    private static void decode(ByteBuffer b, Header h, float[][] out, int offset, int frames) {
        int c = h.channels();
        switch (h.formatTag() == FORMAT_IEEE_FLOAT ? -h.bitsPerSample() : h.bitsPerSample()) {
            case 8 -> {
                for (int f = 0; f < frames; f++) {
                    for (int k = 0; k < c; k++) {
                        out[k][offset + f] = ((b.get() & 0xFF) - 128) / 128f;
                    }
                }
            }
            case 16 -> decode16(b, c, out, offset, frames);
            case 24 -> {
                for (int f = 0; f < frames; f++) {
                    for (int k = 0; k < c; k++) {
                        int v = (b.get() & 0xFF) | ((b.get() & 0xFF) << 8) | (b.get() << 16);
                        out[k][offset + f] = v / 8388608f;
                    }
                }
            }
            case 32 -> {
                for (int f = 0; f < frames; f++) {
                    for (int k = 0; k < c; k++) {
                        out[k][offset + f] = (float) (b.getInt() / 2147483648.0);
                    }
                }
            }
            case -32 -> {
                for (int f = 0; f < frames; f++) {
                    for (int k = 0; k < c; k++) {
                        out[k][offset + f] = b.getFloat();
                    }
                }
            }
            case -64 -> {
                for (int f = 0; f < frames; f++) {
                    for (int k = 0; k < c; k++) {
                        out[k][offset + f] = (float) b.getDouble();
                    }
                }
            }
            default -> throw new IllegalStateException("validated format " + h);
        }
    }

    /**
     * 16-bit PCM, the common case, in bulk: one copy of the block into shorts (a plain memory copy on
     * little-endian hosts), then a de-interleaving loop the JIT vectorises. {@code v / 32768f} and
     * {@code v * 2^-15} are the same float, as the divisor is a power of two.
     */
    private static void decode16(ByteBuffer b, int c, float[][] out, int offset, int frames) {
        short[] s = new short[frames * c];
        b.asShortBuffer().get(s);
        final float scale = 1f / 32768f;
        if (c == 1) {
            float[] o = out[0];
            for (int f = 0; f < frames; f++) {
                o[offset + f] = s[f] * scale;
            }
        } else if (c == 2) {
            float[] l = out[0];
            float[] r = out[1];
            for (int f = 0; f < frames; f++) {
                l[offset + f] = s[2 * f] * scale;
                r[offset + f] = s[2 * f + 1] * scale;
            }
        } else {
            for (int k = 0; k < c; k++) {
                float[] o = out[k];
                for (int f = 0, i = k; f < frames; f++, i += c) {
                    o[offset + f] = s[i] * scale;
                }
            }
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        b.flip();
        return total;
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] s = new byte[4];
        for (int i = 0; i < 4; i++) {
            s[i] = b.get(at + i);
        }
        return new String(s, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
