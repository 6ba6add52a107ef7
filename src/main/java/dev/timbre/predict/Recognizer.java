package dev.timbre.predict;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Recognizes the instruments in recordings. Implementations are safe for concurrent callers, and a recognition
 * whose thread is interrupted stops soon after with an {@link java.io.InterruptedIOException}.
 */
public interface Recognizer extends AutoCloseable {

    /** Decodes and analyses an audio file (any supported format, rate and channel count) of any length. */
    default Recognition recognize(Path audioFile) throws IOException {
        return recognize(audioFile, Double.POSITIVE_INFINITY);
    }

    /**
     * Decodes and analyses an audio file, refusing it as soon as it is known to be longer than
     * {@code maxSeconds}: from its header when that declares the length, otherwise when the streamed audio passes
     * the limit. No more than the limit's worth of audio is decoded.
     *
     * @throws AudioTooLongException when the recording is longer than {@code maxSeconds}
     */
    Recognition recognize(Path audioFile, double maxSeconds) throws IOException;

    /**
     * Analyses audio already in memory.
     *
     * @param audio      samples as {@code (channels, frames)}, all finite
     * @param sampleRate frames per second; resampled to the model's rate when different
     */
    Recognition recognize(float[][] audio, int sampleRate);

    /** The model card of the underlying bundle (name, training data, scores) as shown by {@code timbre models}. */
    ModelCard card();

    @Override
    void close();
}
