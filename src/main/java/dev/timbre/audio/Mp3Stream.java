package dev.timbre.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 audio layers I–III through JLayer, one MPEG frame per block. Encoder and decoder delay are not
 * removed (JLayer does not read LAME's gapless information), so a decoded MP3 is slightly longer than its
 * source and starts with a short silence.
 */
final class Mp3Stream extends BlockAudioStream {

    private final InputStream in;
    private final Bitstream bitstream;
    private final Decoder decoder = new Decoder();
    private Header pending;
    private float[][] block;
    private int frames;

    private Mp3Stream(Path file, InputStream in, Bitstream bitstream, Header first) throws AudioFormatException {
        super(file, first.frequency(), first.mode() == Header.SINGLE_CHANNEL ? 1 : 2);
        this.in = in;
        this.bitstream = bitstream;
        this.pending = first;
        this.block = new float[channels()][1152];
    }

    static Mp3Stream open(Path file) throws IOException {
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
            return new Mp3Stream(file, in, bitstream, first);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    protected int nextBlock() throws IOException {
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
        setBlock(block);
        return n;
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
