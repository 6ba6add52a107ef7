package dev.timbre.train;

import dev.timbre.feature.Decibels;
import dev.timbre.feature.FeatureSettings;

/**
 * Mixes feature maps in the power domain and re-normalises the sum the way the features were made
 * ({@link Decibels#powerToDb}: {@code power_to_db} with ref = the maximum, amin, top_db), so a mixture looks like
 * the features of the summed recordings. A zero-crossing-rate row, if present, is averaged (weighted by the
 * sources' power).
 */
public final class Mixer {

    private final int maps;
    private final int rows;
    private final int frames;
    private final int dbRows;
    private final double amin;
    private final double topDb;
    private final boolean zcrRow;

    /** A mixer for maps made with {@code features}. */
    public Mixer(FeatureSettings features) {
        long[] shape = features.mapShape();
        this.maps = (int) shape[0];
        this.rows = (int) shape[1];
        this.frames = (int) shape[2];
        this.dbRows = features.decibelRows();
        this.amin = features.amin();
        this.topDb = features.topDb();
        this.zcrRow = features.zcrRow();
    }

    /**
     * Writes the mixture of {@code sources} (dB maps, each {@code (maps, rows, frames)}) with linear power gains
     * {@code gains} into {@code dst} at {@code offset}.
     */
    public void mix(float[][] sources, double[] gains, float[] dst, int offset) {
        int plane = rows * frames;
        int n = maps * plane;
        double[] power = new double[n];
        double[] zcrWeight = zcrRow ? new double[maps * frames] : null;
        double[] zcrSum = zcrRow ? new double[maps * frames] : null;
        for (int s = 0; s < sources.length; s++) {
            float[] src = sources[s];
            double g = gains[s];
            for (int m = 0; m < maps; m++) {
                int base = m * plane;
                double sourcePower = 0;
                for (int i = base; i < base + dbRows * frames; i++) {
                    double p = g * Decibels.toPower(src[i]);
                    power[i] += p;
                    sourcePower += p;
                }
                if (zcrRow) {
                    int zr = base + (rows - 1) * frames;
                    for (int t = 0; t < frames; t++) {
                        zcrSum[m * frames + t] += sourcePower * src[zr + t];
                        zcrWeight[m * frames + t] += sourcePower;
                    }
                }
            }
        }
        Decibels.powerToDb(power, maps, plane, dbRows * frames, amin, topDb, dst, offset);
        if (zcrRow) {
            for (int m = 0; m < maps; m++) {
                int zr = m * plane + (rows - 1) * frames;
                for (int t = 0; t < frames; t++) {
                    double w = zcrWeight[m * frames + t];
                    dst[offset + zr + t] = (float) (w > 0 ? zcrSum[m * frames + t] / w : 0);
                }
            }
        }
    }
}
