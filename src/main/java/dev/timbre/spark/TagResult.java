package dev.timbre.spark;

/**
 * What one tagging job did.
 *
 * @param found         audio files the inputs hold
 * @param alreadyTagged of those, files the output already had (same path and modification time)
 * @param tagged        rows written by this job, failed files included
 * @param failed        of those, files that could not be decoded or recognized (rows with an error)
 * @param audioSeconds  audio recognized by this job
 * @param commits       Parquet commits made
 * @param wallSeconds   time from the listing to the last commit
 */
public record TagResult(long found, long alreadyTagged, long tagged, long failed, double audioSeconds, int commits,
                        double wallSeconds) {

    /** Seconds of audio per second of wall time. */
    public double realTimeFactor() {
        return audioSeconds / Math.max(wallSeconds, 1e-9);
    }
}
