package dev.timbre.dataset.download;

import java.io.IOException;

/** A download failure that retrying cannot fix (a 404, a size the manifest contradicts, retries used up). */
public final class DownloadFailedException extends IOException {

    public DownloadFailedException(String message) {
        super(message);
    }

    public DownloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
