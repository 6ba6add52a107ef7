package dev.timbre.audio;

import java.nio.file.Path;

/** A file in a format timbre does not decode (as opposed to a damaged file of a known format). */
public class UnsupportedAudioFormatException extends AudioFormatException {

    public UnsupportedAudioFormatException(Path file, String reason) {
        super(file, reason);
    }
}
