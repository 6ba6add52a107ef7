package dev.timbre.feature;

/**
 * librosa's {@code power_to_db} and the operations on dB feature maps that must agree with it: back to power (to
 * mix maps), and re-referencing to a new peak (after an equaliser). The feature pipeline, the mixing augmentation
 * and the equaliser all use these, so a mixed or equalised map is scaled exactly as computed features are.
 */
public final class Decibels {

    private static final double LN10_OVER_10 = Math.log(10) / 10;

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
        double refDb = decibels(ref, amin);
        double max = Double.NEGATIVE_INFINITY;
        for (float[][] ch : power) {
            for (float[] row : ch) {
                for (int i = 0; i < row.length; i++) {
                    float db = (float) (decibels(row[i], amin) - refDb);
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

    /** {@code 10 log10(max(power, amin))}. */
    static double decibels(double power, double amin) {
        return 10 * Math.log10(Math.max(power, amin));
    }

    /** The power, relative to the reference, that a dB value stands for: {@code 10^(db / 10)}. */
    public static double toPower(float db) {
        return Math.exp(db * LN10_OVER_10);
    }

    /**
     * {@code power_to_db} of flattened feature maps: {@code maps} planes of {@code planeLength} values, of which the
     * first {@code dbLength} are power (a zero-crossing-rate row after them is not); the reference is the largest
     * power of all planes (at least {@code amin}), and values are clipped at {@code -topDb}. The other values of
     * {@code dst} are left alone.
     *
     * @param power {@code (maps, planeLength)} flattened, read-only
     * @param dst   receives the dB values at {@code offset}, in the same layout
     */
    public static void powerToDb(double[] power, int maps, int planeLength, int dbLength, double amin, double topDb,
                                 float[] dst, int offset) {
        double max = amin;
        for (int m = 0; m < maps; m++) {
            int end = m * planeLength + dbLength;
            for (int i = m * planeLength; i < end; i++) {
                max = Math.max(max, power[i]);
            }
        }
        double refDb = 10 * Math.log10(max);
        double floor = -topDb;
        for (int m = 0; m < maps; m++) {
            int end = m * planeLength + dbLength;
            for (int i = m * planeLength; i < end; i++) {
                dst[offset + i] = (float) Math.max(decibels(power[i], amin) - refDb, floor);
            }
        }
    }

    /**
     * Re-references dB maps whose largest value is {@code peak} so that it is 0 dB again, clipping at
     * {@code -topDb}, as {@code power_to_db} with the maximum as reference would have scaled them. In place, over the
     * same layout as {@link #powerToDb}.
     */
    public static void rereference(float[] x, int offset, int maps, int planeLength, int dbLength, float peak,
                                   double topDb) {
        float floor = (float) -topDb;
        for (int m = 0; m < maps; m++) {
            int base = offset + m * planeLength;
            for (int i = base; i < base + dbLength; i++) {
                x[i] = Math.max(x[i] - peak, floor);
            }
        }
    }
}
