package dev.timbre.audio;

/** Channel arithmetic that librosa and the study apply before features. Inputs are never modified. */
public final class Mixdown {

    private Mixdown() {
    }

    /**
     * librosa's {@code to_mono}: the mean of the channels.
     *
     * @param channels {@code (channels, frames)}
     * @return {@code (frames)}
     */
    public static float[] toMono(float[][] channels) {
        int n = channels[0].length;
        if (channels.length == 1) {
            return channels[0].clone();
        }
        float[] out = new float[n];
        for (float[] c : channels) {
            for (int i = 0; i < n; i++) {
                out[i] += c[i];
            }
        }
        float scale = 1f / channels.length;
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
        return out;
    }

    /**
     * The study's peak normalisation: every sample divided by the largest sample of the whole array
     * ({@code y / y.max()}, signed maximum as the study wrote it). A silent array, or one whose maximum is not
     * positive, is returned unchanged (copied) rather than divided by zero.
     *
     * @param channels {@code (channels, frames)}
     * @return a new array of the same shape
     */
    public static float[][] peakNormalize(float[][] channels) {
        float max = Float.NEGATIVE_INFINITY;
        for (float[] c : channels) {
            for (float v : c) {
                if (v > max) {
                    max = v;
                }
            }
        }
        float[][] out = new float[channels.length][];
        boolean divide = max > 0f && Float.isFinite(max);
        for (int k = 0; k < channels.length; k++) {
            out[k] = channels[k].clone();
            if (divide) {
                float inv = 1f / max;
                float[] o = out[k];
                for (int i = 0; i < o.length; i++) {
                    o[i] *= inv;
                }
            }
        }
        return out;
    }
}
