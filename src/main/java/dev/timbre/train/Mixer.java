package dev.timbre.train;

/**
 * Mixes feature maps in the power domain and re-normalises the sum the way the features were made
 * ({@code power_to_db} with ref = the maximum, amin, top_db), so a mixture looks like the features of the
 * summed recordings. A zero-crossing-rate row, if present, is averaged (weighted by the sources' power).
 */
public final class Mixer {

    private static final double LN10_OVER_10 = Math.log(10) / 10;

    private final int maps;
    private final int rows;
    private final int frames;
    private final double amin;
    private final double topDb;
    private final boolean zcrRow;

    /**
     * @param maps   feature maps per example (channels)
     * @param rows   rows per map (mel bands, including a ZCR row if any)
     * @param frames columns per map
     * @param amin   power floor of {@code power_to_db}
     * @param topDb  dynamic range kept below the maximum
     * @param zcrRow whether the last row of each map is a zero-crossing rate rather than dB
     */
    public Mixer(int maps, int rows, int frames, double amin, double topDb, boolean zcrRow) {
        this.maps = maps;
        this.rows = rows;
        this.frames = frames;
        this.amin = amin;
        this.topDb = topDb;
        this.zcrRow = zcrRow;
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
                int dbRows = zcrRow ? rows - 1 : rows;
                double sourcePower = 0;
                for (int i = base; i < base + dbRows * frames; i++) {
                    double p = g * Math.exp(src[i] * LN10_OVER_10);
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
        double max = amin;
        for (int m = 0; m < maps; m++) {
            int end = m * plane + (zcrRow ? rows - 1 : rows) * frames;
            for (int i = m * plane; i < end; i++) {
                max = Math.max(max, power[i]);
            }
        }
        double refDb = 10 * Math.log10(max);
        double floor = -topDb;
        for (int m = 0; m < maps; m++) {
            int base = m * plane;
            int end = base + (zcrRow ? rows - 1 : rows) * frames;
            for (int i = base; i < end; i++) {
                double db = 10 * Math.log10(Math.max(power[i], amin)) - refDb;
                dst[offset + i] = (float) Math.max(db, floor);
            }
            if (zcrRow) {
                int zr = base + (rows - 1) * frames;
                for (int t = 0; t < frames; t++) {
                    double w = zcrWeight[m * frames + t];
                    dst[offset + zr + t] = (float) (w > 0 ? zcrSum[m * frames + t] / w : 0);
                }
            }
        }
    }
}
