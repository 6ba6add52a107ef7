package dev.timbre.audio;

import java.io.IOException;

/**
 * An {@link AudioStream} converted to another rate as it is read, for long files that must not be decoded at
 * once. Every channel goes through its own {@link Resampler.Stream}, so the samples equal those of
 * {@link Resampler#apply(AudioClip)} on the whole decoded file. Closing it closes the source.
 */
public final class ResampledAudioStream implements AudioStream {

    private static final int SOURCE_BLOCK = 16384;

    private final AudioStream source;
    private final Resampler resampler;
    private final Resampler.Stream[] streams;
    private final float[][] input;
    private float[][] pending;
    private int pendingStart;
    private int pendingEnd;
    private boolean sourceDone;

    /** Resamples {@code source} to {@code toRate} with {@link ResampleSettings#DEFAULT}. */
    public ResampledAudioStream(AudioStream source, int toRate) {
        this(source, toRate, ResampleSettings.DEFAULT);
    }

    public ResampledAudioStream(AudioStream source, int toRate, ResampleSettings settings) {
        this.source = source;
        this.resampler = Resampler.of(source.sampleRate(), toRate, settings);
        int c = source.channels();
        this.streams = new Resampler.Stream[c];
        for (int k = 0; k < c; k++) {
            streams[k] = resampler.stream();
        }
        this.input = new float[c][SOURCE_BLOCK];
        this.pending = new float[c][0];
    }

    /** Opens {@code file} with {@link AudioDecoder#open} and resamples it to {@code toRate}. */
    public static AudioStream open(java.nio.file.Path file, int toRate) throws IOException {
        AudioStream s = AudioDecoder.open(file);
        return s.sampleRate() == toRate ? s : new ResampledAudioStream(s, toRate);
    }

    @Override
    public int sampleRate() {
        return resampler.toRate();
    }

    @Override
    public int channels() {
        return streams.length;
    }

    @Override
    public java.util.List<String> warnings() {
        return source.warnings();
    }

    /** The source's declared length at the output rate, rounded up; -1 when the source declares none. */
    @Override
    public long declaredFrames() {
        long n = source.declaredFrames();
        if (n < 0) {
            return -1;
        }
        return (long) Math.ceil(n * (double) resampler.toRate() / source.sampleRate());
    }

    @Override
    public int read(float[][] dst, int offset, int frames) throws IOException {
        int done = 0;
        while (done < frames) {
            if (pendingStart == pendingEnd) {
                if (sourceDone) {
                    break;
                }
                refill();
                continue;
            }
            int take = Math.min(frames - done, pendingEnd - pendingStart);
            for (int k = 0; k < streams.length; k++) {
                System.arraycopy(pending[k], pendingStart, dst[k], offset + done, take);
            }
            pendingStart += take;
            done += take;
        }
        return done == 0 && frames > 0 ? -1 : done;
    }

    private void refill() throws IOException {
        int n = source.read(input, 0, SOURCE_BLOCK);
        float[][] out = new float[streams.length][];
        for (int k = 0; k < streams.length; k++) {
            out[k] = n < 0 ? streams[k].flush() : streams[k].process(input[k], 0, n);
        }
        if (n < 0) {
            sourceDone = true;
        }
        pending = out;
        pendingStart = 0;
        pendingEnd = out[0].length;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    @Override
    public String toString() {
        return "ResampledAudioStream[" + resampler + ", " + channels() + " channels]";
    }
}
