package dev.timbre.predict;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Recognizes the instruments in recordings. Implementations are safe for concurrent callers.
 */
public interface Recognizer extends AutoCloseable {

    /** Decodes and analyses an audio file (any supported format, rate and channel count). */
    Recognition recognize(Path audioFile) throws IOException;

    /**
     * Analyses audio already in memory.
     *
     * @param audio      samples as {@code (channels, frames)}
     * @param sampleRate frames per second; resampled to the model's rate when different
     */
    Recognition recognize(float[][] audio, int sampleRate);

    /** The model card of the underlying bundle (name, training data, scores) as shown by {@code timbre models}. */
    ModelCard card();

    @Override
    void close();
}
