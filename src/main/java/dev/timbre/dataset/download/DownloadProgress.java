package dev.timbre.dataset.download;

/**
 * Hears about the bytes of one archive as they arrive. One instance follows one archive, across retries.
 * Implementations need not be thread-safe: the downloader calls them from the thread that runs it.
 */
public interface DownloadProgress extends AutoCloseable {

    /** A new request begins; the file already holds {@code have} bytes of {@code total} (-1 if unknown). */
    void restart(long have, long total);

    /** The file now holds {@code have} bytes. */
    void advance(long have);

    /** A message worth showing between tries (a retry, a restart). */
    void note(String message);

    @Override
    void close();

    /** Creates the progress display of each archive. */
    @FunctionalInterface
    interface Factory {
        DownloadProgress open(IrmasArchive archive);

        /** Shows nothing. */
        Factory SILENT = archive -> new DownloadProgress() {
            @Override
            public void restart(long have, long total) {
            }

            @Override
            public void advance(long have) {
            }

            @Override
            public void note(String message) {
            }

            @Override
            public void close() {
            }
        };
    }
}
