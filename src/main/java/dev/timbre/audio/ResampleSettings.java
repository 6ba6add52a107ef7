package dev.timbre.audio;

/**
 * The band-limiting filter of a {@link Resampler}: a sinc low-pass windowed by a Kaiser window.
 *
 * <p>The cutoff is {@code rolloff} times the lower of the two Nyquist frequencies. The filter reaches
 * {@code zeroCrossings} zero crossings of the sinc on each side of its centre, so it spans
 * {@code 2 * ceil(zeroCrossings / cutoff)} input samples where {@code cutoff} is relative to the input's Nyquist
 * frequency; more zero crossings give a sharper transition at proportional cost. {@code kaiserBeta} trades
 * stop-band attenuation (higher beta) against transition width.
 *
 * @param zeroCrossings sinc zero crossings on each side, at least 1
 * @param rolloff       cutoff as a fraction of the lower Nyquist frequency, in (0, 1]
 * @param kaiserBeta    Kaiser window shape, at least 0
 */
public record ResampleSettings(int zeroCrossings, double rolloff, double kaiserBeta) {

    /** The default: 48 zero crossings, cutoff at 0.92 of the lower Nyquist frequency, Kaiser beta 12. */
    public static final ResampleSettings DEFAULT = new ResampleSettings(48, 0.92, 12.0);

    /** A third of the default's work per output sample: 16 zero crossings, cutoff 0.85, beta 8. */
    public static final ResampleSettings FAST = new ResampleSettings(16, 0.85, 8.0);

    public ResampleSettings {
        if (zeroCrossings < 1) {
            throw new IllegalArgumentException("zeroCrossings must be at least 1, got " + zeroCrossings);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("rolloff must be in (0, 1], got " + rolloff);
        }
        if (!(kaiserBeta >= 0) || Double.isInfinite(kaiserBeta)) {
            throw new IllegalArgumentException("kaiserBeta must be finite and at least 0, got " + kaiserBeta);
        }
    }
}
