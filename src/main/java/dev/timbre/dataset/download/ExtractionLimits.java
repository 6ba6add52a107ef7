package dev.timbre.dataset.download;

/**
 * Caps on what one archive may unpack to. They are counted while copying, never taken from the sizes an
 * archive declares, so a zip bomb or a lying header stops at the cap.
 *
 * @param maxEntries    most entries (files and folders)
 * @param maxEntryBytes most bytes of one unpacked file
 * @param maxTotalBytes most bytes unpacked in all
 */
public record ExtractionLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {

    public ExtractionLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("extraction limits must be positive: " + maxEntries + ", "
                    + maxEntryBytes + ", " + maxTotalBytes);
        }
    }

    /**
     * Room for IRMAS with a wide margin: the archives hold a few thousand short WAV clips and their label
     * files; these caps only stop an archive that is not what it claims.
     */
    public static ExtractionLimits irmas() {
        return new ExtractionLimits(100_000, 1L << 30, 32L << 30);
    }
}
