package dev.timbre.audio;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be decoded; the message is one line naming the file and the reason. */
public class AudioFormatException extends IOException {

    private final transient Path file;
    private final String reason;

    public AudioFormatException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public AudioFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
