package dev.timbre.train;

import dev.timbre.feature.BandShift;
import dev.timbre.feature.Decibels;
import dev.timbre.feature.FeatureSettings;

import java.util.Random;

/**
 * Per-example augmentation of dB feature maps that makes a model less tied to the timbre of the sound banks
 * (or microphones) it was trained on: a random smooth equaliser curve over the mel bands (a tilt plus a slow
 * ripple), then re-normalisation as {@code power_to_db} does (maximum at 0 dB, floor at −top_db); and a random
 * circular shift in time. A zero-crossing-rate row is left as it is.
 */
public final class Augmenter {

    private final int maps;
    private final int rows;
    private final int frames;
    private final int dbRows;
    private final double topDb;
    private final double eqDb;
    private final boolean timeShift;
    private final int bandShift;
    private final BandShift bands;
    private final int maskBands;
    private final int maskFrames;

    /**
     * An augmenter for maps made with {@code features}, with the equaliser range, time and band shifts and mask
     * widths of {@code settings} ({@link TrainSettings#eqDb()}, {@link TrainSettings#timeShift()},
     * {@link TrainSettings#bandShift()}, {@link TrainSettings#maskBands()}, {@link TrainSettings#maskFrames()}); bands
     * shifted in and masked stretches are at the floor, and a mask is never wider than the map.
     */
    public Augmenter(FeatureSettings features, TrainSettings settings) {
        long[] shape = features.mapShape();
        this.maps = (int) shape[0];
        this.rows = (int) shape[1];
        this.frames = (int) shape[2];
        this.dbRows = features.decibelRows();
        this.topDb = features.topDb();
        this.eqDb = settings.eqDb();
        this.timeShift = settings.timeShift();
        this.bandShift = settings.bandShift();
        this.bands = new BandShift(features);
        this.maskBands = Math.min(settings.maskBands(), dbRows);
        this.maskFrames = Math.min(settings.maskFrames(), frames);
    }

    public boolean active() {
        return eqDb > 0 || timeShift || bandShift > 0 || maskBands > 0 || maskFrames > 0;
    }

    /** Augments the example at {@code offset} in place. */
    public void apply(float[] x, int offset, Random rng) {
        if (eqDb > 0) {
            double tilt = (rng.nextDouble() * 2 - 1) * eqDb;
            double ripple = rng.nextDouble() * eqDb / 2;
            double cycles = 0.5 + rng.nextDouble() * 2.5;
            double phase = rng.nextDouble() * 2 * Math.PI;
            float[] curve = new float[dbRows];
            for (int r = 0; r < dbRows; r++) {
                double u = r / (double) Math.max(1, dbRows - 1);
                curve[r] = (float) (tilt * (u - 0.5) + ripple * Math.sin(2 * Math.PI * cycles * u + phase));
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int m = 0; m < maps; m++) {
                int base = offset + m * rows * frames;
                for (int r = 0; r < dbRows; r++) {
                    int row = base + r * frames;
                    for (int t = 0; t < frames; t++) {
                        x[row + t] += curve[r];
                        max = Math.max(max, x[row + t]);
                    }
                }
            }
            Decibels.rereference(x, offset, maps, rows * frames, dbRows * frames, max, topDb);
        }
        if (bandShift > 0) {
            int shift = rng.nextInt(2 * bandShift + 1) - bandShift;
            if (shift != 0) {
                bands.shift(x, offset, x, offset, shift);
            }
        }
        if (timeShift) {
            int shift = rng.nextInt(frames);
            if (shift != 0) {
                float[] row = new float[frames];
                for (int m = 0; m < maps; m++) {
                    for (int r = 0; r < rows; r++) {
                        int start = offset + (m * rows + r) * frames;
                        System.arraycopy(x, start, row, 0, frames);
                        System.arraycopy(row, frames - shift, x, start, shift);
                        System.arraycopy(row, 0, x, start + shift, frames - shift);
                    }
                }
            }
        }
        if (maskBands > 0 || maskFrames > 0) {
            mask(x, offset, rng);
        }
    }

    /**
     * SpecAugment-style masking: one stretch of bands and one of frames, each of a random width up to its
     * maximum (possibly 0), set to the dB floor in every map (the ZCR row keeps its values).
     */
    private void mask(float[] x, int offset, Random rng) {
        float floor = (float) -topDb;
        if (maskBands > 0) {
            int width = rng.nextInt(maskBands + 1);
            int from = rng.nextInt(dbRows - width + 1);
            for (int m = 0; m < maps; m++) {
                int base = offset + m * rows * frames;
                java.util.Arrays.fill(x, base + from * frames, base + (from + width) * frames, floor);
            }
        }
        if (maskFrames > 0) {
            int width = rng.nextInt(maskFrames + 1);
            int from = rng.nextInt(frames - width + 1);
            for (int m = 0; m < maps; m++) {
                for (int r = 0; r < dbRows; r++) {
                    int row = offset + (m * rows + r) * frames;
                    java.util.Arrays.fill(x, row + from, row + from + width, floor);
                }
            }
        }
    }
}
