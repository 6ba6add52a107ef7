package dev.timbre.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The networks timbre can train, by the name the command line uses ({@code --model cnn}). */
public enum Architecture {
    /** The study's Model 1, {@link SimpleCnn}. */
    CNN("cnn", 1, ""),
    /** The study's Model 2, {@link Crnn}. */
    CRNN("crnn", 1, ""),
    /** Model 1's convolutions with a head pooled over time, {@link PooledCnn}. */
    POOLED_CNN("pooled-cnn", 1, ""),
    /** {@link CoAtNet} in the layout of the study's reference implementation. */
    COATNET("coatnet", 1, ""),
    /** The baseline of Han et al. (2016), {@link Han2016}. */
    HAN2016("han2016", 2, "revision 2 maps the dB input to [-1, 1] (x / 40 + 1) before the first convolution");

    private final String cliName;
    private final int revision;
    private final String lastChange;

    Architecture(String cliName, int revision, String lastChange) {
        this.cliName = cliName;
        this.revision = revision;
        this.lastChange = lastChange;
    }

    /**
     * The revision of the network this timbre builds. It goes up when the block graph changes in a way the saved
     * parameters cannot show (a parameter-free layer added or changed), so that a bundle trained with an older
     * graph is refused instead of loading into the new one and silently computing something else.
     */
    public int revision() {
        return revision;
    }

    /** What the current {@link #revision()} changed, for the error that refuses an older bundle. */
    public String lastChange() {
        return lastChange;
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name, case-insensitively. */
    public static Architecture fromCliName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "', expected one of "
                        + Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", "))));
    }
}
