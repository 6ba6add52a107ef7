package dev.timbre.audio;

import java.util.Arrays;

/**
 * Band-limited sample-rate conversion between any two positive integer rates, by a Kaiser-windowed sinc
 * filter evaluated in polyphase form.
 *
 * <p>With {@code g = gcd(from, to)}, {@code L = to / g} and {@code M = from / g}, output sample {@code j} sits at
 * input time {@code j * M / L}; its fractional part is one of {@code L} phases, and the filter taps of every phase
 * are computed once, when the resampler is built (unless the table would exceed {@value #MAX_TABLE_TAPS} floats,
 * as for nearly coprime rates, in which case taps are computed per output sample). Each phase's taps are scaled
 * to sum to 1, so a constant signal stays constant away from the edges.
 *
 * <p>Conventions: the signal is taken as zero before its first and after its last sample; the output has
 * {@code ceil(n * to / from)} samples for {@code n} input samples ({@link #outputLength}); output sample 0 is
 * aligned with input sample 0 (no delay). Equal rates return a copy of the input.
 *
 * <p>A {@code Resampler} is immutable and may be shared between threads; {@link #stream()} gives a stateful
 * per-channel {@link Stream} that produces, block by block, exactly the samples of the one-shot {@link #apply}.
 */
public final class Resampler {

    /** Largest polyphase table, in taps, that is precomputed. */
    static final int MAX_TABLE_TAPS = 1 << 22;

    private final int fromRate;
    private final int toRate;
    private final ResampleSettings settings;
    private final int up;          // L
    private final int down;        // M
    private final int halfWidth;   // H: input samples on each side of an output instant
    private final double cutoff;   // relative to the input's Nyquist frequency
    private final float[] table;   // L phases of 2H taps, or null when computed per sample

    private Resampler(int fromRate, int toRate, ResampleSettings settings) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.settings = settings;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        this.cutoff = settings.rolloff() * Math.min(1.0, up / (double) down);
        this.halfWidth = (int) Math.ceil(settings.zeroCrossings() / cutoff);
        long size = (long) up * 2 * halfWidth;
        if (fromRate == toRate || size > MAX_TABLE_TAPS) {
            this.table = null;
        } else {
            this.table = new float[(int) size];
            for (int p = 0; p < up; p++) {
                fillTaps(p, table, p * 2 * halfWidth);
            }
        }
    }

    /** A resampler with {@link ResampleSettings#DEFAULT}. */
    public static Resampler of(int fromRate, int toRate) {
        return new Resampler(fromRate, toRate, ResampleSettings.DEFAULT);
    }

    public static Resampler of(int fromRate, int toRate, ResampleSettings settings) {
        return new Resampler(fromRate, toRate, settings);
    }

    /**
     * Resamples one channel with {@link ResampleSettings#DEFAULT}.
     *
     * @param x {@code (n)} samples at {@code fromRate}
     * @return {@code (ceil(n * toRate / fromRate))} samples at {@code toRate}
     */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        return resample(x, fromRate, toRate, ResampleSettings.DEFAULT);
    }

    public static float[] resample(float[] x, int fromRate, int toRate, ResampleSettings settings) {
        return of(fromRate, toRate, settings).apply(x);
    }

    /** Resamples every channel of {@code clip} to {@code toRate} with {@link ResampleSettings#DEFAULT}. */
    public static AudioClip resample(AudioClip clip, int toRate) {
        return resample(clip, toRate, ResampleSettings.DEFAULT);
    }

    public static AudioClip resample(AudioClip clip, int toRate, ResampleSettings settings) {
        return of(clip.sampleRate(), toRate, settings).apply(clip);
    }

    /** {@code ceil(n * toRate / fromRate)}: the number of output samples for {@code n} input samples. */
    public static long outputLength(long n, int fromRate, int toRate) {
        int g = gcd(fromRate, toRate);
        long l = toRate / g;
        long m = fromRate / g;
        return Math.floorDiv(n * l + m - 1, m);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    public ResampleSettings settings() {
        return settings;
    }

    /** Input samples the filter reaches on each side of an output instant (also the streaming latency). */
    public int halfWidth() {
        return halfWidth;
    }

    /** @return {@code (ceil(n * to / from))} samples; {@code x} is not modified */
    public float[] apply(float[] x) {
        if (fromRate == toRate) {
            return x.clone();
        }
        Stream s = stream();
        float[] head = s.process(x, 0, x.length);
        float[] tail = s.flush();
        float[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** Every channel of {@code clip}, which must be at {@link #fromRate()}. */
    public AudioClip apply(AudioClip clip) {
        if (clip.sampleRate() != fromRate) {
            throw new IllegalArgumentException(
                    "clip is at " + clip.sampleRate() + " Hz, this resampler expects " + fromRate + " Hz");
        }
        float[][] out = new float[clip.channelCount()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = apply(clip.channels()[k]);
        }
        return new AudioClip(out, toRate);
    }

    /** A new stateful stream for one channel. */
    public Stream stream() {
        return new Stream();
    }

    /**
     * One channel resampled block by block. Feed input with {@link #process}, which returns every output
     * sample whose filter support has fully arrived (output lags input by {@link #halfWidth()} input samples);
     * {@link #flush} ends the signal and returns the rest. The concatenated outputs equal {@link #apply} of the
     * concatenated input exactly.
     */
    public final class Stream {

        private float[] buf;
        private long base;      // absolute input index of buf[0]
        private int length;     // valid samples in buf
        private long received;  // input samples fed so far
        private long nextIndex; // floor(j * M / L) for the next output j
        private int nextPhase;  // (j * M) mod L
        private boolean flushed;

        private Stream() {
            int h = halfWidth;
            buf = new float[Math.max(64, 4 * h)];
            // The signal is zero before sample 0: the buffer starts with H-1 zeros at indices -(H-1)..-1.
            base = -(h - 1);
            length = h - 1;
        }

        /** Feeds {@code len} samples from {@code x[off]}; returns the outputs now complete (possibly none). */
        public float[] process(float[] x, int off, int len) {
            if (flushed) {
                throw new IllegalStateException("stream already flushed");
            }
            if (fromRate == toRate) {
                received += len;
                return Arrays.copyOfRange(x, off, off + len);
            }
            append(x, off, len);
            received += len;
            return drain(base + length - 1);
        }

        public float[] process(float[] x) {
            return process(x, 0, x.length);
        }

        /** Ends the input (zeros beyond it) and returns the remaining outputs; the stream cannot be fed again. */
        public float[] flush() {
            if (flushed) {
                throw new IllegalStateException("stream already flushed");
            }
            flushed = true;
            if (fromRate == toRate) {
                return new float[0];
            }
            append(new float[halfWidth + 1], 0, halfWidth + 1);
            return drain(received - 1 + halfWidth);
        }

        /** Outputs whose last tap index {@code index + H} is at most {@code lastAvailable} and whose index is in the signal. */
        private float[] drain(long lastAvailable) {
            int h = halfWidth;
            int taps = 2 * h;
            long limitIndex = Math.min(lastAvailable - h, received - 1);
            if (nextIndex > limitIndex) {
                return new float[0];
            }
            long count = countOutputs(limitIndex);
            float[] out = new float[(int) count];
            float[] scratch = table == null ? new float[taps] : null;
            for (int j = 0; j < count; j++) {
                int start = (int) (nextIndex - h + 1 - base);
                float[] t;
                int t0;
                if (table != null) {
                    t = table;
                    t0 = nextPhase * taps;
                } else {
                    fillTaps(nextPhase, scratch, 0);
                    t = scratch;
                    t0 = 0;
                }
                out[j] = dot(t, t0, buf, start, taps);
                nextPhase += down;
                nextIndex += nextPhase / up;
                nextPhase %= up;
            }
            // Keep only what the next output can still reach.
            int drop = (int) Math.max(0, Math.min(length, nextIndex - h + 1 - base));
            System.arraycopy(buf, drop, buf, 0, length - drop);
            length -= drop;
            base += drop;
            return out;
        }

        /** Outputs j >= current with floor(j*M/L) <= limitIndex. */
        private long countOutputs(long limitIndex) {
            // j*M/L < limitIndex+1  <=>  j < (limitIndex+1)*L/M
            long currentJ = Math.floorDiv(nextIndex * up + nextPhase + down - 1, down);
            long endJ = Math.floorDiv((limitIndex + 1) * up + down - 1, down);
            return endJ - currentJ;
        }

        private void append(float[] x, int off, int len) {
            if (length + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(length + len, 2 * buf.length));
            }
            System.arraycopy(x, off, buf, length, len);
            length += len;
        }
    }

    private static float dot(float[] t, int t0, float[] x, int x0, int n) {
        // Four partial sums in a fixed order: faster than one chain, and still deterministic.
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            a0 += t[t0 + k] * x[x0 + k];
            a1 += t[t0 + k + 1] * x[x0 + k + 1];
            a2 += t[t0 + k + 2] * x[x0 + k + 2];
            a3 += t[t0 + k + 3] * x[x0 + k + 3];
        }
        for (; k < n; k++) {
            a0 += t[t0 + k] * x[x0 + k];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * Taps of phase {@code p} (output instant {@code i + p / L} for integer {@code i}) for input samples
     * {@code i - H + 1 .. i + H}, scaled to sum to 1.
     */
    private void fillTaps(int p, float[] dst, int at) {
        int h = halfWidth;
        double frac = p / (double) up;
        double[] w = new double[2 * h];
        double sum = 0;
        for (int k = 0; k < 2 * h; k++) {
            double d = frac + (h - 1 - k); // output instant minus input sample index
            double v = cutoff * sinc(cutoff * d) * kaiser(d / h, settings.kaiserBeta());
            w[k] = v;
            sum += v;
        }
        for (int k = 0; k < 2 * h; k++) {
            dst[at + k] = (float) (w[k] / sum);
        }
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Kaiser window at {@code u} in [-1, 1]; zero outside. */
    static double kaiser(double u, double beta) {
        if (Math.abs(u) > 1) {
            return 0;
        }
        return besselI0(beta * Math.sqrt(1 - u * u)) / besselI0(beta);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return "Resampler[" + fromRate + " -> " + toRate + " Hz, " + settings + ", " + 2 * halfWidth + " taps, "
                + up + " phases]";
    }
}
