package dev.timbre.audio;

import java.nio.file.Path;

/**
 * A file whose content is not a format timbre can decode (a server answers 415 Unsupported Media Type), as
 * opposed to a damaged file of a known format, which is a plain {@link AudioFormatException}.
 */
public class UnsupportedAudioFormatException extends AudioFormatException {

    public UnsupportedAudioFormatException(Path file, String reason) {
        super(file, reason);
    }
}
