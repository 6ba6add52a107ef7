package dev.timbre.predict;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A recording longer than the caller's limit, found from its header before decoding or while streaming it; the
 * work stops at the limit. The message is one line naming the source and the limit.
 */
public final class AudioTooLongException extends IOException {

    private final double limitSeconds;

    AudioTooLongException(Path source, double limitSeconds, String how) {
        super(source + ": audio longer than the limit of " + seconds(limitSeconds) + " s (" + how + ")");
        this.limitSeconds = limitSeconds;
    }

    public double limitSeconds() {
        return limitSeconds;
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
