package dev.timbre.audio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** WAV through {@link WavReader}, a window of frames at a time. */
final class WavStream extends BlockAudioStream {

    private static final int BLOCK_FRAMES = 16384;

    private final FileChannel channel;
    private final WavReader.Header header;
    private long next;

    private WavStream(Path file, FileChannel channel, WavReader.Header header) throws AudioFormatException {
        super(file, header.sampleRate(), header.channels());
        this.channel = channel;
        this.header = header;
    }

    static WavStream open(Path file) throws IOException {
        FileChannel ch = WavReader.open(file);
        try {
            return new WavStream(file, ch, WavReader.header(ch, file));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    protected int nextBlock() throws IOException {
        if (next >= header.frames()) {
            return -1;
        }
        AudioClip part = WavReader.readFrames(file, channel, header, next, BLOCK_FRAMES);
        next += part.frames();
        setBlock(part.channels());
        return part.frames();
    }

    @Override
    public long declaredFrames() {
        return header.frames();
    }

    @Override
    public List<String> warnings() {
        if (header.claimedFrames() <= header.frames()) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "the WAV header declares %.3f s of audio, the file holds %.3f s: "
                + "it was cut short (an interrupted recording or copy), and only what is there was analysed",
                header.claimedFrames() / (double) header.sampleRate(), header.frames() / (double) header.sampleRate()));
    }

    @Override
    protected String formatName() {
        return "WAV";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
