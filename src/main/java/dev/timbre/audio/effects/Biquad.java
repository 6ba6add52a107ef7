package dev.timbre.audio.effects;

/**
 * A second-order IIR filter section (direct form I), designed from the bilinear-transform formulas of Robert
 * Bristow-Johnson's "Audio EQ Cookbook": low- and high-pass, low and high shelves, and peaking bands.
 *
 * @param b0 feed-forward coefficients, normalised by a0
 * @param b1 feed-forward
 * @param b2 feed-forward
 * @param a1 feedback, normalised by a0
 * @param a2 feedback
 */
public record Biquad(double b0, double b1, double b2, double a1, double a2) {

    public static Biquad lowPass(double hz, double q, int rate) {
        double w = omega(hz, rate);
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        return normalised((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public static Biquad highPass(double hz, double q, int rate) {
        double w = omega(hz, rate);
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        return normalised((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public static Biquad peaking(double hz, double q, double gainDb, int rate) {
        double w = omega(hz, rate);
        double alpha = Math.sin(w) / (2 * q);
        double a = Math.pow(10, gainDb / 40);
        double cos = Math.cos(w);
        return normalised(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    public static Biquad lowShelf(double hz, double gainDb, int rate) {
        return shelf(hz, gainDb, rate, true);
    }

    public static Biquad highShelf(double hz, double gainDb, int rate) {
        return shelf(hz, gainDb, rate, false);
    }

    private static Biquad shelf(double hz, double gainDb, int rate, boolean low) {
        double w = omega(hz, rate);
        double a = Math.pow(10, gainDb / 40);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2); // shelf slope 1
        double root = 2 * Math.sqrt(a) * alpha;
        double s = low ? 1 : -1;
        return normalised(
                a * ((a + 1) - s * (a - 1) * cos + root),
                s * 2 * a * ((a - 1) - s * (a + 1) * cos),
                a * ((a + 1) - s * (a - 1) * cos - root),
                (a + 1) + s * (a - 1) * cos + root,
                -s * 2 * ((a - 1) + s * (a + 1) * cos),
                (a + 1) + s * (a - 1) * cos - root);
    }

    private static double omega(double hz, int rate) {
        if (!(hz > 0 && hz < rate / 2.0)) {
            throw new IllegalArgumentException("filter frequency " + hz + " Hz outside (0, " + rate / 2 + ")");
        }
        return 2 * Math.PI * hz / rate;
    }

    private static Biquad normalised(double b0, double b1, double b2, double a0, double a1, double a2) {
        return new Biquad(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
    }

    /** Filters {@code x} in place. */
    public void apply(float[] x) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double in = x[i];
            double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
            x[i] = (float) y;
        }
    }

    /** The gain in dB at {@code hz}. */
    public double gainDbAt(double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double cr = b0 + b1 * Math.cos(-w) + b2 * Math.cos(-2 * w);
        double ci = b1 * Math.sin(-w) + b2 * Math.sin(-2 * w);
        double dr = 1 + a1 * Math.cos(-w) + a2 * Math.cos(-2 * w);
        double di = a1 * Math.sin(-w) + a2 * Math.sin(-2 * w);
        return 10 * Math.log10((cr * cr + ci * ci) / (dr * dr + di * di));
    }
}
