package dev.timbre.audio.effects;

/**
 * A mastering-style compressor followed by a peak limiter, on all channels together (linked, as a stereo bus
 * compressor works): above {@code thresholdDb} the level rises only 1/{@code ratio} as fast, the gain follows with
 * the given attack and release, make-up gain restores the loudness, and the limiter keeps every sample under
 * {@code ceilingDb} with an instant attack and a 50-ms release.
 *
 * @param thresholdDb where compression starts (dBFS of the smoothed peak level)
 * @param ratio       input dB per output dB above the threshold (≥ 1)
 * @param attackMs    time constant of gain reduction
 * @param releaseMs   time constant of gain recovery
 * @param makeupDb    gain after compression
 * @param ceilingDb   the limiter's ceiling (dBFS)
 */
public record Dynamics(double thresholdDb, double ratio, double attackMs, double releaseMs, double makeupDb,
                       double ceilingDb) {

    public Dynamics {
        if (!(ratio >= 1) || !(attackMs > 0) || !(releaseMs > 0) || !(ceilingDb <= 0)) {
            throw new IllegalArgumentException("bad dynamics: ratio " + ratio + ", attack " + attackMs
                    + " ms, release " + releaseMs + " ms, ceiling " + ceilingDb + " dB");
        }
    }

    /** Processes {@code (channels, frames)} in place. */
    public void apply(float[][] x, int rate) {
        int n = x[0].length;
        double att = Math.exp(-1 / (attackMs / 1000 * rate));
        double rel = Math.exp(-1 / (releaseMs / 1000 * rate));
        double limRel = Math.exp(-1 / (0.05 * rate));
        double makeup = Math.pow(10, makeupDb / 20);
        double ceiling = Math.pow(10, ceilingDb / 20);
        double env = 0;
        double limGain = 1;
        for (int i = 0; i < n; i++) {
            double peak = 0;
            for (float[] ch : x) {
                peak = Math.max(peak, Math.abs(ch[i]));
            }
            env = peak > env ? att * env + (1 - att) * peak : rel * env + (1 - rel) * peak;
            double levelDb = 20 * Math.log10(Math.max(env, 1e-9));
            double over = levelDb - thresholdDb;
            double gainDb = over > 0 ? -over * (1 - 1 / ratio) : 0;
            double g = Math.pow(10, gainDb / 20) * makeup;
            double out = peak * g;
            double need = out > ceiling ? ceiling / out : 1;
            limGain = need < limGain ? need : limRel * limGain + (1 - limRel) * Math.min(1, need);
            limGain = Math.min(limGain, need);
            double total = g * limGain;
            for (float[] ch : x) {
                ch[i] = (float) (ch[i] * total);
            }
        }
    }
}
