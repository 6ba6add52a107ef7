package dev.timbre.predict;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A recording longer than the caller's limit, found from its header before decoding or while streaming it; the
 * work stops at the limit. The message is one line naming the source and the limit.
 */
public final class AudioTooLongException extends IOException {

    private final double limitSeconds;
    private final String reason;

    /**
     * @param how how the length was found, e.g. {@code its header says 46800 s}
     */
    public AudioTooLongException(Path source, double limitSeconds, String how) {
        super(source + ": " + reason(limitSeconds, how));
        this.limitSeconds = limitSeconds;
        this.reason = reason(limitSeconds, how);
    }

    private static String reason(double limitSeconds, String how) {
        return "audio longer than the limit of " + seconds(limitSeconds) + " s (" + how + ")";
    }

    public double limitSeconds() {
        return limitSeconds;
    }

    /** The message without the source's name. */
    public String reason() {
        return reason;
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
