package dev.timbre.audio.effects;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Linear convolution by FFT: {@code y = x * h}, cut to the length of {@code x} (a tail that rings past the end of
 * a clip is dropped, as it would be by the clip's end in a recording).
 */
public final class Convolution {

    private Convolution() {
    }

    /**
     * @param x signal {@code (n)}
     * @param h impulse response {@code (m)}
     * @return {@code (n)}: the first n samples of the full convolution
     */
    public static float[] apply(float[] x, float[] h) {
        int n = x.length;
        int size = Integer.highestOneBit(Math.max(1, n + h.length - 1) - 1) << 1;
        size = Math.max(size, 2);
        float[] a = java.util.Arrays.copyOf(x, size);
        float[] b = java.util.Arrays.copyOf(h, size);
        FloatFFT_1D fft = new FloatFFT_1D(size);
        fft.realForward(a);
        fft.realForward(b);
        // Packed real spectra: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...].
        a[0] *= b[0];
        a[1] *= b[1];
        for (int k = 2; k < size; k += 2) {
            float re = a[k] * b[k] - a[k + 1] * b[k + 1];
            float im = a[k] * b[k + 1] + a[k + 1] * b[k];
            a[k] = re;
            a[k + 1] = im;
        }
        fft.realInverse(a, true);
        return java.util.Arrays.copyOf(a, n);
    }
}
