package dev.timbre.dataset.download;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What one run did: the archives that are in place (installed now or already complete) and those that
 * failed. A failed archive does not stop the others; each failure keeps its own one-line message.
 */
public record DownloadReport(List<IrmasDownloader.ArchiveResult> results, List<Failure> failures) {

    /** An archive that could not be installed, and why. */
    public record Failure(IrmasArchive archive, IOException error) {
        public Failure {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(error, "error");
        }

        /** The error's one-line message. */
        public String message() {
            String m = error.getMessage();
            return m == null ? archive.fileName() + ": " + error.getClass().getSimpleName() : m;
        }
    }

    public DownloadReport {
        results = List.copyOf(results);
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }

    /**
     * Returns this report if every archive is in place; otherwise throws the first failure (the same
     * exception, so its type still tells a checksum mismatch from a download that gave up), with the others
     * attached as suppressed exceptions.
     */
    public DownloadReport orThrow() throws IOException {
        if (failures.isEmpty()) {
            return this;
        }
        IOException first = failures.get(0).error();
        for (Failure f : failures.subList(1, failures.size())) {
            first.addSuppressed(f.error());
        }
        throw first;
    }
}
