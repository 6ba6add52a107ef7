package dev.timbre.feature;

/** How a recording's channels become feature maps. */
public enum ChannelMode {
    /** librosa's {@code to_mono}: the mean of the channels, one map. */
    MONO(1),
    /** One map per channel of a two-channel recording (mono sources are duplicated). */
    STEREO(2);

    private final int maps;

    ChannelMode(int maps) {
        this.maps = maps;
    }

    /** Number of feature maps (network input channels). */
    public int maps() {
        return maps;
    }
}
