package dev.timbre.audio;

import java.nio.file.Path;

/**
 * What a decoded recording may look like before timbre works on it. A header is refused before any audio is
 * decoded when its sample rate or channel count is outside these bounds: such values come from damaged or
 * hostile files (a 2³¹−1 Hz header would otherwise build a resampler for it), never from music. Decoders whose
 * output is floating point also refuse NaN and infinite samples, which no recording holds and which every later
 * stage would silently turn into something else.
 */
public final class AudioLimits {

    /** Lowest accepted sample rate in Hz (below telephone audio's 8,000 Hz, above any sensible mistake). */
    public static final int MIN_SAMPLE_RATE = 1_000;

    /** Highest accepted sample rate in Hz: the highest rate of audio interfaces and DXD-style masters. */
    public static final int MAX_SAMPLE_RATE = 768_000;

    /** Most channels accepted: 22.2 surround has 24, third-order Ambisonics 16. */
    public static final int MAX_CHANNELS = 32;

    private AudioLimits() {
    }

    /**
     * @throws AudioFormatException naming {@code file} when the rate or channel count is outside the bounds
     */
    static void checkHeader(Path file, long sampleRate, long channels) throws AudioFormatException {
        String problem = headerProblem(sampleRate, channels);
        if (problem != null) {
            throw new AudioFormatException(file, problem);
        }
    }

    /** Why {@code sampleRate} and {@code channels} are refused, or {@code null} when they are accepted. */
    public static String headerProblem(long sampleRate, long channels) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            return "sample rate is " + sampleRate + " Hz, outside the accepted " + MIN_SAMPLE_RATE + "–"
                    + MAX_SAMPLE_RATE + " Hz";
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            return "channel count is " + channels + ", outside the accepted 1–" + MAX_CHANNELS;
        }
        return null;
    }

    /**
     * The first NaN or infinite sample among {@code frames} frames from {@code offset}, described, or {@code null}
     * when all are finite.
     *
     * @param firstFrame the number of the first checked frame in the whole recording, for the message
     */
    public static String nonFinite(float[][] samples, int offset, int frames, long firstFrame) {
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < samples.length; c++) {
                float v = samples[c][offset + i];
                if (!Float.isFinite(v)) {
                    return (Float.isNaN(v) ? "NaN" : "infinite") + " sample at frame " + (firstFrame + i)
                            + " of channel " + (c + 1);
                }
            }
        }
        return null;
    }

    static void checkFinite(Path file, float[][] samples, int offset, int frames, long firstFrame)
            throws AudioFormatException {
        String problem = nonFinite(samples, offset, frames, firstFrame);
        if (problem != null) {
            throw new AudioFormatException(file, problem + " (a recording holds only finite samples)");
        }
    }
}
