package dev.timbre.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/** FLAC through jFLAC, one FLAC frame per block. Integer samples are scaled by 2^(bits-1). */
final class FlacStream extends BlockAudioStream {

    private final InputStream in;
    private final FLACDecoder decoder;
    private final StreamInfo info;
    private final float scale;
    private float[][] block;
    private long decoded;

    private FlacStream(Path file, InputStream in, FLACDecoder decoder, StreamInfo info) throws AudioFormatException {
        super(file, info.getSampleRate(), info.getChannels());
        this.in = in;
        this.decoder = decoder;
        this.info = info;
        this.scale = 1f / (1L << (info.getBitsPerSample() - 1));
        this.block = new float[info.getChannels()][Math.max(1, info.getMaxBlockSize())];
    }

    static FlacStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            FLACDecoder decoder = new FLACDecoder(in);
            StreamInfo info;
            try {
                info = LibraryOutput.muted(decoder::readStreamInfo);
            } catch (IOException | RuntimeException e) {
                throw new AudioFormatException(file, headerProblem(e), e);
            }
            if (info == null) {
                throw new AudioFormatException(file, "FLAC file has no STREAMINFO block");
            }
            int bits = info.getBitsPerSample();
            if (bits < 4 || bits > 32) {
                throw new AudioFormatException(file, "FLAC with " + bits + " bits per sample");
            }
            return new FlacStream(file, in, decoder, info);
        } catch (IOException | RuntimeException e) {
            in.close();
            if (e instanceof AudioFormatException afe) {
                throw afe;
            }
            throw new AudioFormatException(file, headerProblem(e), e);
        }
    }

    private static String headerProblem(Exception e) {
        return e instanceof java.io.EOFException ? "truncated FLAC header" : "corrupt FLAC header";
    }

    @Override
    protected int nextBlock() throws IOException {
        int badBefore = decoder.getBadFrames();
        Frame frame = decoder.readNextFrame();
        if (decoder.getBadFrames() > badBefore) {
            throw new AudioFormatException(file, "corrupt FLAC frame after sample " + decoded);
        }
        if (frame == null) {
            long total = info.getTotalSamples();
            if (total > 0 && decoded < total) {
                throw new AudioFormatException(file,
                        "truncated FLAC data: " + decoded + " of " + total + " samples per channel");
            }
            return -1;
        }
        int n = frame.header.blockSize;
        int c = channels();
        if (frame.header.channels != c) {
            throw new AudioFormatException(file, "FLAC frame with " + frame.header.channels + " channels in a "
                    + c + "-channel stream");
        }
        if (block[0].length < n) {
            block = new float[c][n];
        }
        ChannelData[] data = decoder.getChannelData();
        for (int k = 0; k < c; k++) {
            int[] src = data[k].getOutput();
            float[] dst = block[k];
            for (int i = 0; i < n; i++) {
                dst[i] = src[i] * scale;
            }
        }
        decoded += n;
        setBlock(block);
        return n;
    }

    @Override
    public long declaredFrames() {
        long total = info.getTotalSamples();
        return total > 0 ? total : -1; // STREAMINFO's 0 means "unknown"
    }

    @Override
    protected String formatName() {
        return "FLAC";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
