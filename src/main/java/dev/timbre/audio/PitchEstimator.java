package dev.timbre.audio;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The fundamental frequency of a recorded note by YIN (de Cheveigné and Kawahara, 2002): per frame, the
 * cumulative-mean-normalised difference function, the first dip under an absolute threshold refined by parabolic
 * interpolation; over the note, the median of the frames that found one. Frames below a level 40 dB under the
 * note's loudest are skipped, so the attack's silence and the decay's tail do not vote.
 *
 * @param minHz     lowest fundamental searched
 * @param maxHz     highest fundamental searched
 * @param threshold YIN's absolute threshold on the normalised difference (0.1–0.2 typical)
 */
public record PitchEstimator(double minHz, double maxHz, double threshold) {

    /** 30 Hz – 2.5 kHz (B0 to D#7), threshold 0.15. */
    public static final PitchEstimator DEFAULT = new PitchEstimator(30, 2_500, 0.15);

    private static final int HOP_DIVISOR = 2;
    private static final int MAX_FRAMES = 32;
    private static final double FRAME_FLOOR_DB = -40;

    public PitchEstimator {
        if (!(minHz > 0 && maxHz > minHz)) {
            throw new IllegalArgumentException("need 0 < minHz < maxHz, got " + minHz + ", " + maxHz);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("YIN threshold must be in (0, 1), got " + threshold);
        }
    }

    /**
     * @param x    one channel
     * @param rate its sample rate
     * @return the fundamental in Hz, or empty when no frame is periodic enough
     */
    public OptionalDouble estimateHz(float[] x, int rate) {
        int maxLag = (int) Math.ceil(rate / minHz);
        int minLag = Math.max(2, (int) Math.floor(rate / maxHz));
        int window = maxLag;
        int frame = window + maxLag;
        if (x.length < frame) {
            return OptionalDouble.empty();
        }
        int hop = Math.max(1, window / HOP_DIVISOR);
        int frames = (x.length - frame) / hop + 1;
        double[] energy = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * hop; i < f * hop + window; i++) {
                e += (double) x[i] * x[i];
            }
            energy[f] = e;
            loudest = Math.max(loudest, e);
        }
        if (loudest == 0) {
            return OptionalDouble.empty();
        }
        double floor = loudest * Math.pow(10, FRAME_FLOOR_DB / 10);
        double[] d = new double[maxLag + 1];
        double[] found = new double[frames];
        int n = 0;
        // A note's pitch is steady: a few dozen frames spread over it decide as well as all of them.
        int stride = Math.max(1, frames / MAX_FRAMES);
        for (int f = 0; f < frames; f += stride) {
            if (energy[f] < floor) {
                continue;
            }
            double lag = bestLag(x, f * hop, window, minLag, maxLag, d);
            if (lag > 0) {
                found[n++] = rate / lag;
            }
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        double[] hz = Arrays.copyOf(found, n);
        Arrays.sort(hz);
        return OptionalDouble.of(n % 2 == 1 ? hz[n / 2] : Math.sqrt(hz[n / 2 - 1] * hz[n / 2]));
    }

    /** The fundamental as a fractional MIDI note number (A4 = 69 = 440 Hz). */
    public OptionalDouble estimateMidi(float[] x, int rate) {
        OptionalDouble hz = estimateHz(x, rate);
        return hz.isPresent() ? OptionalDouble.of(midiOf(hz.getAsDouble())) : OptionalDouble.empty();
    }

    public static double midiOf(double hz) {
        return 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
    }

    public static double hzOf(double midi) {
        return 440.0 * Math.pow(2, (midi - 69) / 12.0);
    }

    /** The refined period of the frame at {@code start}, or 0 when none dips under the threshold. */
    private double bestLag(float[] x, int start, int window, int minLag, int maxLag, double[] d) {
        d[0] = 1;
        double running = 0;
        for (int tau = 1; tau <= maxLag; tau++) {
            double s = 0;
            for (int j = start; j < start + window; j++) {
                double diff = x[j] - x[j + tau];
                s += diff * diff;
            }
            running += s;
            d[tau] = running == 0 ? 1 : s * tau / running;
        }
        for (int tau = minLag; tau < maxLag; tau++) {
            if (d[tau] < threshold) {
                while (tau + 1 < maxLag && d[tau + 1] < d[tau]) {
                    tau++;
                }
                double a = d[tau - 1];
                double b = d[tau];
                double c = d[tau + 1];
                double denom = a - 2 * b + c;
                double shift = denom == 0 ? 0 : 0.5 * (a - c) / denom;
                return tau + Math.max(-1, Math.min(1, shift));
            }
        }
        return 0;
    }
}
