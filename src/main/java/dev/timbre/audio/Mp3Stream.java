package dev.timbre.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 audio layers I–III through JLayer, one MPEG frame per block.
 *
 * <p>Gapless trimming: when the first frame is a Xing/Info frame carrying a LAME-style tag (LAME, and ffmpeg's
 * "Lavc"/"Lavf", write one), the Info frame's silence, the encoder delay and the decoder's 529-sample delay
 * are cut from the start and the output is capped at {@code frames * samplesPerFrame - delay - padding}, so the
 * decoded length equals the source's. Without such a tag, everything JLayer decodes is returned (a few
 * frames longer than the source, starting with a short silence).
 */
final class Mp3Stream extends BlockAudioStream {

    private final InputStream in;
    private final Bitstream bitstream;
    private final Decoder decoder = new Decoder();
    private Header pending;
    private float[][] block;
    private int frames;
    private long skip;             // samples still to drop from the start
    private long remaining = -1;   // samples still to deliver, or -1 when the length is unknown
    private final long declared;   // the Info frame's length, or -1
    private boolean cutShort;      // the frames ended before the Info frame's length

    private Mp3Stream(Path file, InputStream in, Bitstream bitstream, Header first, Gapless gapless)
            throws AudioFormatException {
        super(file, first.frequency(), first.mode() == Header.SINGLE_CHANNEL ? 1 : 2);
        this.in = in;
        this.bitstream = bitstream;
        this.pending = first;
        this.block = new float[channels()][1152];
        if (gapless != null) {
            this.skip = gapless.skip();
            this.remaining = gapless.length();
        }
        this.declared = gapless == null ? -1 : gapless.length();
    }

    @Override
    public long declaredFrames() {
        return declared;
    }

    /** Samples to skip at the start and the exact length (or -1), from a Xing/Info frame's LAME tag. */
    record Gapless(long skip, long length) {
    }

    private static final int DECODER_DELAY = 529;

    /**
     * Reads the Xing/Info frame at the start of {@code head} (after any ID3v2 tag), if there is one; null
     * otherwise.
     */
    static Gapless gapless(byte[] head) {
        int at = 0;
        if (head.length >= 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            int size = ((head[6] & 0x7F) << 21) | ((head[7] & 0x7F) << 14) | ((head[8] & 0x7F) << 7) | (head[9] & 0x7F);
            at = 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
        }
        while (at + 4 <= head.length && !AudioFileFormat.isMpegAudioHeader(head, head.length, at)) {
            at++;
        }
        if (at + 4 > head.length) {
            return null;
        }
        int b1 = head[at + 1] & 0xFF;
        int b3 = head[at + 3] & 0xFF;
        boolean mpeg1 = ((b1 >> 3) & 0x3) == 3;
        int layer = 4 - ((b1 >> 1) & 0x3);
        boolean mono = (b3 >> 6) == 3;
        boolean crc = (b1 & 1) == 0;
        if (layer != 3) {
            return null;
        }
        int samplesPerFrame = mpeg1 ? 1152 : 576;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int x = at + 4 + (crc ? 2 : 0) + sideInfo;
        if (x + 8 > head.length || !(tag(head, x, "Xing") || tag(head, x, "Info"))) {
            return null;
        }
        int flags = readInt(head, x + 4);
        int p = x + 8;
        long frameCount = -1;
        if ((flags & 1) != 0) {
            if (p + 4 > head.length) {
                return null;
            }
            frameCount = Integer.toUnsignedLong(readInt(head, p));
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        boolean lameTag = p + 24 <= head.length && (tag(head, p, "LAME") || tag(head, p, "Lavc") || tag(head, p, "Lavf"));
        if (!lameTag) {
            // The Info frame itself is silence, not audio.
            return new Gapless(samplesPerFrame, frameCount < 0 ? -1 : frameCount * samplesPerFrame);
        }
        int delay = ((head[p + 21] & 0xFF) << 4) | ((head[p + 22] & 0xFF) >> 4);
        int padding = ((head[p + 22] & 0x0F) << 8) | (head[p + 23] & 0xFF);
        long length = frameCount < 0 ? -1 : Math.max(0, frameCount * samplesPerFrame - delay - padding);
        return new Gapless(samplesPerFrame + delay + DECODER_DELAY, length);
    }

    private static boolean tag(byte[] b, int at, String ascii) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static Mp3Stream open(Path file) throws IOException {
        Gapless gapless;
        try (InputStream head = Files.newInputStream(file)) {
            gapless = gapless(head.readNBytes(1 << 16));
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            Bitstream bitstream = new Bitstream(in);
            Header first;
            try {
                first = bitstream.readFrame();
            } catch (BitstreamException | RuntimeException e) {
                throw new AudioFormatException(file, "corrupt MP3 data before the first frame", e);
            }
            if (first == null) {
                throw new AudioFormatException(file, "no MPEG audio frames");
            }
            return new Mp3Stream(file, in, bitstream, first, gapless);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    protected int nextBlock() throws IOException {
        while (true) {
            int n = decodeNext();
            if (n < 0 || remaining == 0) {
                cutShort = n < 0 && remaining > 0;
                return -1;
            }
            int drop = (int) Math.min(skip, n);
            skip -= drop;
            int keep = n - drop;
            if (remaining >= 0) {
                keep = (int) Math.min(keep, remaining);
                remaining -= keep;
            }
            if (keep == 0) {
                continue;
            }
            if (drop > 0) {
                for (float[] c : block) {
                    System.arraycopy(c, drop, c, 0, keep);
                }
            }
            setBlock(block);
            return keep;
        }
    }

    /** Decodes one MPEG frame into {@link #block}; the sample count, or -1 at the end. */
    private int decodeNext() throws IOException {
        Header h;
        if (pending != null) {
            h = pending;
            pending = null;
        } else {
            try {
                h = bitstream.readFrame();
            } catch (BitstreamException e) {
                throw new AudioFormatException(file, "corrupt MP3 frame after " + frames + " frames", e);
            }
            if (h == null) {
                return -1;
            }
        }
        if (h.frequency() != sampleRate()) {
            throw new AudioFormatException(file, "MP3 sample rate changes from " + sampleRate() + " to "
                    + h.frequency() + " Hz at frame " + frames);
        }
        SampleBuffer out;
        try {
            out = (SampleBuffer) decoder.decodeFrame(h, bitstream);
        } catch (DecoderException e) {
            throw new AudioFormatException(file, "corrupt MP3 frame " + frames, e);
        } finally {
            bitstream.closeFrame();
        }
        int c = channels();
        int outChannels = out.getChannelCount();
        short[] pcm = out.getBuffer();
        int n = out.getBufferLength() / outChannels;
        if (block[0].length < n) {
            block = new float[c][n];
        }
        for (int k = 0; k < c; k++) {
            // A mono frame inside a stereo stream (rare) is duplicated into both channels.
            int src = Math.min(k, outChannels - 1);
            float[] dst = block[k];
            for (int i = 0; i < n; i++) {
                dst[i] = pcm[i * outChannels + src] / 32768f;
            }
        }
        frames++;
        return n;
    }

    @Override
    public List<String> warnings() {
        if (!cutShort) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "the MP3's Info frame declares %.3f s of audio, the file holds "
                + "%.3f s: it was cut short (an interrupted download or copy), and only what is there was analysed",
                declared / (double) sampleRate(), (declared - remaining) / (double) sampleRate()));
    }

    @Override
    protected String formatName() {
        return "MP3";
    }

    @Override
    public void close() throws IOException {
        try {
            bitstream.close();
        } catch (BitstreamException e) {
            throw new IOException(e);
        } finally {
            in.close();
        }
    }
}
