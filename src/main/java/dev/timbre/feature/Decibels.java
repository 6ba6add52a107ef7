package dev.timbre.feature;

/** librosa's {@code power_to_db}. */
public final class Decibels {

    private Decibels() {
    }

    /**
     * {@code 10 log10(max(S, amin)) - 10 log10(max(ref, amin))}, then clipped at {@code max - topDb}, with
     * {@code ref} the maximum of the whole array (all channels together), as the study called it. In place.
     *
     * @param power {@code (channels, nMels, frames)} power values, replaced by dB
     * @param amin  floor (librosa default 1e-10)
     * @param topDb dynamic range kept (librosa default 80)
     *              <p>On SIMD lanes when the Vector API is present ({@link Stft} says when), in float; the
     *              scalar path works in double. They agree within 1e-4 dB, the bound LaneDecibelsTest checks.
     */
    public static void powerToDbInPlace(float[][][] power, double amin, double topDb) {
        if (!(amin > 0) || !(topDb >= 0)) {
            throw new IllegalArgumentException("amin must be positive and topDb non-negative");
        }
        if (SimdSupport.enabled()) {
            LaneDecibels.powerToDbInPlace(power, amin, topDb);
            return;
        }
        powerToDbScalar(power, amin, topDb);
    }

    /** {@link #powerToDbInPlace} in double precision, one value at a time, whatever the JVM offers. */
    static void powerToDbScalar(float[][][] power, double amin, double topDb) {
        float ref = 0f;
        for (float[][] ch : power) {
            for (float[] row : ch) {
                for (float v : row) {
                    ref = Math.max(ref, v);
                }
            }
        }
        double refDb = 10 * Math.log10(Math.max(ref, amin));
        double max = Double.NEGATIVE_INFINITY;
        for (float[][] ch : power) {
            for (float[] row : ch) {
                for (int i = 0; i < row.length; i++) {
                    float db = (float) (10 * Math.log10(Math.max(row[i], amin)) - refDb);
                    row[i] = db;
                    max = Math.max(max, db);
                }
            }
        }
        float floor = (float) (max - topDb);
        for (float[][] ch : power) {
            for (float[] row : ch) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] < floor) {
                        row[i] = floor;
                    }
                }
            }
        }
    }
}
