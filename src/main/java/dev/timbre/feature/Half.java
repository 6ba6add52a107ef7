package dev.timbre.feature;

/**
 * IEEE 754 half-precision conversion (Java 17 has none). Features in dB (−80..0) keep about three significant
 * digits, far finer than anything a model resolves, at half the bytes of float32.
 */
public final class Half {

    private static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < TO_FLOAT.length; h++) {
            TO_FLOAT[h] = decode((short) h);
        }
    }

    private Half() {
    }

    public static float toFloat(short h) {
        return TO_FLOAT[h & 0xFFFF];
    }

    /** Round-to-nearest-even conversion; overflow becomes infinity, NaN stays NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    private static float decode(short h) {
        int s = (h >> 15) & 1;
        int e = (h >> 10) & 0x1F;
        int m = h & 0x3FF;
        float v;
        if (e == 0) {
            v = (float) (m * Math.pow(2, -24));
        } else if (e == 0x1F) {
            v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((e - 15 + 127) << 23) | (m << 13));
        }
        return s == 1 ? -v : v;
    }
}
