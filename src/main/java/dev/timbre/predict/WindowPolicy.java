package dev.timbre.predict;

/** How a recording longer or shorter than one window is cut. */
public enum WindowPolicy {
    /**
     * Cover the whole recording: windows every {@code (1 - overlap) * W} samples, plus a last window aligned to
     * the end when the hop does not land there; a recording shorter than a window gives one zero-padded window.
     */
    COVER,
    /**
     * The study's cutter ({@code test_data_cutter_transform}): {@code floor((len + overlap W) / W)} windows
     * starting at {@code int(i (1 - overlap) W)}; audio after the last whole window is never looked at.
     */
    STUDY;

    public static WindowPolicy parse(String s) {
        for (WindowPolicy p : values()) {
            if (p.name().equalsIgnoreCase(s.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown windowing '" + s + "', expected cover or study");
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
