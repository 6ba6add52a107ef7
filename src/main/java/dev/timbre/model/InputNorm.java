package dev.timbre.model;

/**
 * What a network removes from its input maps before its first layer. Recordings differ from one another, and from
 * synthesized training clips, by a colouration that lasts the whole window (microphone, room, mastering EQ); these
 * options take away some or all of the spectrum a window holds on average, so that the network learns from what
 * is left.
 */
public enum InputNorm {
    /** The maps as the features give them. */
    NONE,
    /**
     * Each band's mean over the window's frames is subtracted: only the changes in time are left, and the window's
     * average spectrum is gone entirely.
     */
    BAND_MEAN,
    /**
     * The window's average spectrum is fitted, across bands, by a polynomial of degree 2 (level, slope and
     * curvature), and that fit is subtracted from every frame: a broad colouration is removed, and the shape of
     * the spectrum within a few bands (formants, partials) stays.
     */
    SPECTRAL_TILT,
    /**
     * Per-channel energy normalisation (Wang et al. 2017), as librosa's {@code pcen} computes it with its default
     * parameters: each band's power is divided by a slowly smoothed copy of itself raised to the gain 0.98, then
     * offset and compressed by a square root. A level or colouration that lasts longer than the smoother's time
     * constant is taken away; onsets and changes stand out. The smoother's time constant is counted in frames,
     * 0.4 s at the compact features' rate (22,050 Hz, hop 512).
     */
    PCEN
}
