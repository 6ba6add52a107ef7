package dev.timbre.feature;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIMD {@code power_to_db} against the double-precision scalar one; the golden tests cover it against librosa. */
class LaneDecibelsTest {

    @Test
    void agreesWithTheScalarPathIncludingFloorAndClipping() {
        SplittableRandom rnd = new SplittableRandom(7);
        // two maps, rows whose length is not a multiple of any lane count, values over 30 decades, zeros
        float[][][] power = new float[2][5][259];
        for (float[][] map : power) {
            for (float[] row : map) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = t % 17 == 0 ? 0f : (float) Math.pow(10, rnd.nextDouble(-20, 10));
                }
            }
        }
        float[][][] scalar = copy(power);
        Decibels.powerToDbScalar(scalar, 1e-10, 80);
        LaneDecibels.powerToDbInPlace(power, 1e-10, 80);
        double worst = 0;
        int clipped = 0;
        for (int c = 0; c < power.length; c++) {
            for (int m = 0; m < power[c].length; m++) {
                for (int t = 0; t < power[c][m].length; t++) {
                    worst = Math.max(worst, Math.abs(power[c][m][t] - scalar[c][m][t]));
                    clipped += scalar[c][m][t] == -80f ? 1 : 0;
                }
            }
        }
        assertThat(clipped).as("values clipped at top_db").isGreaterThan(100);
        assertThat(worst).as("worst difference in dB").isLessThan(1e-4);
    }

    private static float[][][] copy(float[][][] a) {
        float[][][] out = new float[a.length][][];
        for (int c = 0; c < a.length; c++) {
            out[c] = new float[a[c].length][];
            for (int m = 0; m < a[c].length; m++) {
                out[c][m] = a[c][m].clone();
            }
        }
        return out;
    }

    @Test
    void logarithmIsPlainFloatArithmeticSoEveryExecutionModeGivesTheSameBits() {
        // A scalar twin of the same operations, in the same order: any vector op with implementation-defined
        // results (as the Vector API's LOG10 has) would show up here as a difference in the last bits.
        SplittableRandom rnd = new SplittableRandom(3);
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        for (int k = 0; k < 2_000; k++) {
            float[] x = new float[lanes];
            for (int l = 0; l < lanes; l++) {
                x[l] = (float) Math.pow(10, rnd.nextDouble(-12, 12));
            }
            float[] got = LaneDecibels.decibels(jdk.incubator.vector.FloatVector.fromArray(
                    jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, x, 0)).toArray();
            for (int l = 0; l < lanes; l++) {
                assertThat(got[l]).as("10 log10(%s)", x[l]).isEqualTo(twin(x[l]));
                assertThat((double) got[l]).isCloseTo(10 * Math.log10(x[l]), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, 1f, 2f, (float) Math.sqrt(2)};
        float[] in = java.util.Arrays.copyOf(special, Math.max(lanes, special.length));
        java.util.Arrays.fill(in, special.length, in.length, 1f);
        float[] got = LaneDecibels.decibels(jdk.incubator.vector.FloatVector.fromArray(
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, in, 0)).toArray();
        assertThat(got[0]).isNaN();
        assertThat(got[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(got[2]).isEqualTo(0f);
    }

    private static float twin(float x) {
        int bits = Float.floatToRawIntBits(x);
        int exponent = (bits >>> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x007F_FFFF) | 0x3F80_0000);
        boolean high = m >= (float) Math.sqrt(2);
        if (high) {
            m = m * 0.5f;
        }
        float e = (float) exponent;
        if (high) {
            e = e + 1f;
        }
        float u = (m - 1f) / (m + 1f);
        float u2 = u * u;
        float series = ((((u2 * (1f / 9) + 1f / 7) * u2 + 1f / 5) * u2 + 1f / 3) * u2) + 1f;
        float lnM = (u * 2f) * series;
        return e * (float) (10 * Math.log10(2)) + lnM * (float) (10 / Math.log(10));
    }
}
