package dev.timbre.audio;

/** Test signals and measurements on them. */
final class Signals {

    private Signals() {
    }

    static float[] tone(double hz, int rate, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Amplitude of the {@code hz} component of {@code x[from, to)} (a single-bin DFT with a Hann window). */
    static double amplitudeAt(float[] x, int from, int to, double hz, int rate) {
        double re = 0;
        double im = 0;
        double wsum = 0;
        int n = to - from;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double ph = 2 * Math.PI * hz * (from + i) / rate;
            re += w * x[from + i] * Math.cos(ph);
            im += w * x[from + i] * Math.sin(ph);
            wsum += w;
        }
        return 2 * Math.hypot(re, im) / wsum;
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }
}
