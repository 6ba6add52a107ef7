package dev.timbre.feature;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The centred STFT → power → mel product of {@link Stft#melPower}, computed for several frames at once with one
 * frame in each SIMD lane (the JDK's Vector API, {@code jdk.incubator.vector}).
 *
 * <p>Why lanes across frames: a radix-4 FFT vectorised inside one frame needs shuffles in its last stages, while
 * the same scalar algorithm run on {@code L} frames side by side vectorises every butterfly as it stands, and the
 * mel product of those frames becomes {@code L}-wide multiply-adds whose sums land contiguously in the output rows.
 * The 4,096-point real transform is a 2,048-point complex Stockham FFT (no bit reversal) of the even and odd
 * samples, followed by the usual split into the real signal's spectrum.
 *
 * <p>Data layout: complex element {@code j} of lane {@code l} has its real part at {@code 2 * j * L + l} and its
 * imaginary part {@code L} floats later, so one element of all lanes is one 64-byte cache line with AVX2 (separate
 * real and imaginary arrays measured slower: twice the streams, all 16 KiB apart). Results agree with
 * {@link Stft}'s JTransforms path to float rounding, not bit for bit; they do not depend on the lane count or on
 * whether the JIT has compiled this class (additions, multiplications and fused multiply-adds only).
 *
 * <p>Loaded only when {@link SimdSupport#enabled()} (the module is present and not switched off); the instance
 * holds constants only and is thread-safe.
 */
final class LaneMelStft {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Floats per complex element: the real parts of all lanes, then their imaginary parts. */
    private static final int E = 2 * L;

    private final int nFft;
    private final int hop;
    /** Complex FFT size, {@code nFft / 2}. */
    private final int m;
    private final float[] window;
    /** {@code cos(2πk/m)}, {@code -sin(2πk/m)} for {@code k < m}: the complex FFT's twiddles. */
    private final float[] twRe;
    private final float[] twIm;
    /** {@code cos(2πk/nFft)}, {@code sin(2πk/nFft)} for {@code k <= m}: the real-spectrum split's. */
    private final float[] splitCos;
    private final float[] splitSin;

    LaneMelStft(int nFft, int hop, float[] window) {
        if (nFft < 4 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two >= 4, got " + nFft);
        }
        this.nFft = nFft;
        this.hop = hop;
        this.m = nFft / 2;
        this.window = window.clone();
        twRe = new float[m];
        twIm = new float[m];
        for (int k = 0; k < m; k++) {
            double a = 2 * Math.PI * k / m;
            twRe[k] = (float) Math.cos(a);
            twIm[k] = (float) -Math.sin(a);
        }
        splitCos = new float[m + 1];
        splitSin = new float[m + 1];
        for (int k = 0; k <= m; k++) {
            double a = 2 * Math.PI * k / nFft;
            splitCos[k] = (float) Math.cos(a);
            splitSin[k] = (float) Math.sin(a);
        }
    }

    /** Frames processed together: the preferred vector's float lanes (8 with AVX2, 16 with AVX-512). */
    static int lanes() {
        return L;
    }

    /**
     * @param y          {@code (samples)} signal
     * @param filterbank mel filterbank for {@code nFft}
     * @return {@code (nMels, 1 + samples / hop)} mel power
     */
    float[][] melPower(float[] y, MelFilterbank filterbank) {
        int frames = 1 + y.length / hop;
        int nMels = filterbank.nMels();
        float[][] out = new float[nMels][frames];
        float[] a = new float[m * E];
        float[] b = new float[m * E];
        float[] power = new float[(m + 1) * L];
        float[] partial = new float[L];
        for (int t0 = 0; t0 < frames; t0 += L) {
            int live = Math.min(L, frames - t0);
            for (int l = 0; l < L; l++) {
                frame(y, t0 + l, l, l < live, a);
            }
            powerSpectrum(fft(a, b), power);
            for (int band = 0; band < nMels; band++) {
                float[] w = filterbank.weightsOf(band);
                int off = filterbank.firstBin(band) * L;
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int k = 0; k < w.length; k++) {
                    acc = FloatVector.fromArray(SPECIES, power, off + k * L).mul(w[k]).add(acc);
                }
                if (live == L) {
                    acc.intoArray(out[band], t0);
                } else {
                    acc.intoArray(partial, 0);
                    System.arraycopy(partial, 0, out[band], t0, live);
                }
            }
        }
        return out;
    }

    /** Windowed frame {@code t} of the zero-padded signal, as complex pairs, into lane {@code l} of {@code z}. */
    private void frame(float[] y, int t, int l, boolean live, float[] z) {
        int start = t * hop - nFft / 2;
        if (!live) {
            for (int j = 0, o = l; j < m; j++, o += E) {
                z[o] = 0f;
                z[o + L] = 0f;
            }
        } else if (start >= 0 && start + nFft <= y.length) {
            for (int j = 0, i = start, o = l; j < m; j++, i += 2, o += E) {
                z[o] = y[i] * window[2 * j];
                z[o + L] = y[i + 1] * window[2 * j + 1];
            }
        } else {
            for (int j = 0, o = l; j < m; j++, o += E) {
                int i = start + 2 * j;
                z[o] = i >= 0 && i < y.length ? y[i] * window[2 * j] : 0f;
                z[o + L] = i + 1 >= 0 && i + 1 < y.length ? y[i + 1] * window[2 * j + 1] : 0f;
            }
        }
    }

    /**
     * In-order complex FFT of size {@code m} on every lane: radix-4 Stockham stages and one radix-2 stage when
     * {@code m} is not a power of four, ping-ponging between the two buffers.
     *
     * @return the buffer holding the result, {@code x} or {@code y}
     */
    private float[] fft(float[] x, float[] y) {
        float[] src = x;
        float[] dst = y;
        int s = 1;
        for (int n = m; n >= 4; n /= 4, s *= 4) {
            int quarter = n / 4;
            int span = s * quarter * E;
            int step = s * E;
            for (int p = 0; p < quarter; p++) {
                int k1 = p * s;
                FloatVector w1r = FloatVector.broadcast(SPECIES, twRe[k1]);
                FloatVector w1i = FloatVector.broadcast(SPECIES, twIm[k1]);
                FloatVector w1n = w1i.neg();
                FloatVector w2r = FloatVector.broadcast(SPECIES, twRe[2 * k1]);
                FloatVector w2i = FloatVector.broadcast(SPECIES, twIm[2 * k1]);
                FloatVector w2n = w2i.neg();
                FloatVector w3r = FloatVector.broadcast(SPECIES, twRe[3 * k1]);
                FloatVector w3i = FloatVector.broadcast(SPECIES, twIm[3 * k1]);
                FloatVector w3n = w3i.neg();
                int in = p * s * E;
                int o = 4 * p * s * E;
                for (int q = 0; q < s; q++, in += E, o += E) {
                    FloatVector aR = FloatVector.fromArray(SPECIES, src, in);
                    FloatVector aI = FloatVector.fromArray(SPECIES, src, in + L);
                    FloatVector bR = FloatVector.fromArray(SPECIES, src, in + span);
                    FloatVector bI = FloatVector.fromArray(SPECIES, src, in + span + L);
                    FloatVector cR = FloatVector.fromArray(SPECIES, src, in + 2 * span);
                    FloatVector cI = FloatVector.fromArray(SPECIES, src, in + 2 * span + L);
                    FloatVector dR = FloatVector.fromArray(SPECIES, src, in + 3 * span);
                    FloatVector dI = FloatVector.fromArray(SPECIES, src, in + 3 * span + L);
                    FloatVector apcR = aR.add(cR);
                    FloatVector apcI = aI.add(cI);
                    FloatVector amcR = aR.sub(cR);
                    FloatVector amcI = aI.sub(cI);
                    FloatVector bpdR = bR.add(dR);
                    FloatVector bpdI = bI.add(dI);
                    FloatVector bmdR = bR.sub(dR);
                    FloatVector bmdI = bI.sub(dI);
                    apcR.add(bpdR).intoArray(dst, o);
                    apcI.add(bpdI).intoArray(dst, o + L);
                    // (a - c) - i (b - d)
                    FloatVector t1R = amcR.add(bmdI);
                    FloatVector t1I = amcI.sub(bmdR);
                    t1R.fma(w1r, t1I.mul(w1n)).intoArray(dst, o + step);
                    t1R.fma(w1i, t1I.mul(w1r)).intoArray(dst, o + step + L);
                    FloatVector t2R = apcR.sub(bpdR);
                    FloatVector t2I = apcI.sub(bpdI);
                    t2R.fma(w2r, t2I.mul(w2n)).intoArray(dst, o + 2 * step);
                    t2R.fma(w2i, t2I.mul(w2r)).intoArray(dst, o + 2 * step + L);
                    // (a - c) + i (b - d)
                    FloatVector t3R = amcR.sub(bmdI);
                    FloatVector t3I = amcI.add(bmdR);
                    t3R.fma(w3r, t3I.mul(w3n)).intoArray(dst, o + 3 * step);
                    t3R.fma(w3i, t3I.mul(w3r)).intoArray(dst, o + 3 * step + L);
                }
            }
            float[] t = src;
            src = dst;
            dst = t;
        }
        if (s < m) { // one radix-2 stage left: n == 2, s == m / 2
            int span = s * E;
            for (int i = 0; i < span; i += L) { // real and imaginary parts alike
                FloatVector u = FloatVector.fromArray(SPECIES, src, i);
                FloatVector v = FloatVector.fromArray(SPECIES, src, i + span);
                u.add(v).intoArray(dst, i);
                u.sub(v).intoArray(dst, i + span);
            }
            src = dst;
        }
        return src;
    }

    /**
     * Splits the complex spectrum {@code Z} of the even/odd pairs into the real signal's spectrum {@code X} and
     * stores {@code |X[k]|²}, {@code k = 0..m}: {@code X[k] = E[k] - i e^(-2πik/nFft) O[k]} with
     * {@code E = (Z[k] + conj Z[m-k]) / 2} and {@code O = (Z[k] - conj Z[m-k]) / 2}.
     */
    private void powerSpectrum(float[] z, float[] power) {
        FloatVector z0r = FloatVector.fromArray(SPECIES, z, 0);
        FloatVector z0i = FloatVector.fromArray(SPECIES, z, L);
        FloatVector dc = z0r.add(z0i);
        FloatVector nyquist = z0r.sub(z0i);
        dc.mul(dc).intoArray(power, 0);
        nyquist.mul(nyquist).intoArray(power, m * L);
        for (int k = 1; k < m; k++) {
            FloatVector pr = FloatVector.fromArray(SPECIES, z, k * E);
            FloatVector pi = FloatVector.fromArray(SPECIES, z, k * E + L);
            FloatVector qr = FloatVector.fromArray(SPECIES, z, (m - k) * E);
            FloatVector qi = FloatVector.fromArray(SPECIES, z, (m - k) * E + L);
            FloatVector eR = pr.add(qr).mul(0.5f);
            FloatVector eI = pi.sub(qi).mul(0.5f);
            FloatVector oR = pr.sub(qr).mul(0.5f);
            FloatVector oI = pi.add(qi).mul(0.5f);
            float c = splitCos[k];
            float sn = splitSin[k];
            FloatVector xr = eR.add(oI.mul(c)).sub(oR.mul(sn));
            FloatVector xi = eI.sub(oI.mul(sn)).sub(oR.mul(c));
            xr.mul(xr).add(xi.mul(xi)).intoArray(power, k * L);
        }
    }
}
