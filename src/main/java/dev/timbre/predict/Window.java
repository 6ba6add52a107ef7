package dev.timbre.predict;

/**
 * One analysis window of a recording.
 *
 * @param start  first sample
 * @param frames samples of real audio in it (less than the window length only for a zero-padded short clip)
 */
public record Window(int start, int frames) {

    public double startSeconds(int sampleRate) {
        return start / (double) sampleRate;
    }

    public double endSeconds(int sampleRate) {
        return (start + frames) / (double) sampleRate;
    }
}
