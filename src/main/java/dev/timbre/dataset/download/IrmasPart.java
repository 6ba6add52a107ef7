package dev.timbre.dataset.download;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The halves of IRMAS a user can ask for: the training clips, or the three testing archives together. */
public enum IrmasPart {
    TRAIN("train"),
    TEST("test");

    private final String code;

    IrmasPart(String code) {
        this.code = code;
    }

    /** The name used on the command line ({@code --parts train,test}). */
    public String code() {
        return code;
    }

    /** Parses a command-line code; the message lists the accepted ones. */
    public static IrmasPart fromCode(String code) {
        for (IrmasPart part : values()) {
            if (part.code.equalsIgnoreCase(code.strip())) {
                return part;
            }
        }
        throw new IllegalArgumentException("unknown IRMAS part '" + code + "' (expected one of "
                + Arrays.stream(values()).map(IrmasPart::code).collect(Collectors.joining(", ")) + ")");
    }
}
