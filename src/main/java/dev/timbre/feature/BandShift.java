package dev.timbre.feature;

import java.util.Arrays;

/**
 * Moves a dB feature map up or down the mel axis by whole bands, as if the sound were played a little higher or
 * lower (pitch and formants together). Bands moved in from outside are at the dB floor; a zero-crossing-rate row
 * below the dB rows stays where it is. Training shifts its examples at random; inference may average a network's
 * output over several shifts of one window.
 */
public final class BandShift {

    private final int maps;
    private final int rows;
    private final int frames;
    private final int dbRows;
    private final float floor;

    /** Shifts for maps made with {@code features}. */
    public BandShift(FeatureSettings features) {
        long[] shape = features.mapShape();
        this.maps = (int) shape[0];
        this.rows = (int) shape[1];
        this.frames = (int) shape[2];
        this.dbRows = features.decibelRows();
        this.floor = (float) -features.topDb();
    }

    /**
     * Writes the example at {@code from} in {@code src}, moved up by {@code bands} (down when negative), to
     * {@code dst} at {@code to}; {@code src} and {@code dst} may be the same array at the same offset.
     */
    public void shift(float[] src, int from, float[] dst, int to, int bands) {
        if (Math.abs(bands) >= dbRows) {
            throw new IllegalArgumentException("cannot shift " + dbRows + " bands by " + bands);
        }
        int plane = rows * frames;
        for (int m = 0; m < maps; m++) {
            int s = from + m * plane;
            int d = to + m * plane;
            if (bands >= 0) {
                System.arraycopy(src, s, dst, d + bands * frames, (dbRows - bands) * frames);
                Arrays.fill(dst, d, d + bands * frames, floor);
            } else {
                int b = -bands;
                System.arraycopy(src, s + b * frames, dst, d, (dbRows - b) * frames);
                Arrays.fill(dst, d + (dbRows - b) * frames, d + dbRows * frames, floor);
            }
            if (src != dst || from != to) {
                System.arraycopy(src, s + dbRows * frames, dst, d + dbRows * frames, (rows - dbRows) * frames);
            }
        }
    }
}
