package dev.timbre.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The networks timbre can train, by the name the command line uses ({@code --model cnn}). */
public enum Architecture {
    /** The study's Model 1, {@link SimpleCnn}. */
    CNN("cnn"),
    /** The study's Model 2, {@link Crnn}. */
    CRNN("crnn"),
    /** {@link CoAtNet} in the layout of the study's reference implementation. */
    COATNET("coatnet"),
    /** The baseline of Han et al. (2016), {@link Han2016}. */
    HAN2016("han2016");

    private final String cliName;

    Architecture(String cliName) {
        this.cliName = cliName;
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
