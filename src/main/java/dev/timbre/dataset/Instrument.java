package dev.timbre.dataset;

import java.util.List;
import java.util.Optional;

/** The 11 IRMAS classes, in the data set's canonical order (the index is the model output index). */
public enum Instrument {
    CEL("cel", "cello"),
    CLA("cla", "clarinet"),
    FLU("flu", "flute"),
    GAC("gac", "acoustic guitar"),
    GEL("gel", "electric guitar"),
    ORG("org", "organ"),
    PIA("pia", "piano"),
    SAX("sax", "saxophone"),
    TRU("tru", "trumpet"),
    VIO("vio", "violin"),
    VOI("voi", "voice");

    public static final List<Instrument> ALL = List.of(values());
    public static final int COUNT = ALL.size();

    private final String code;
    private final String displayName;

    Instrument(String code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The three-letter IRMAS code, e.g. {@code cel}. */
    public String code() {
        return code;
    }

    /** The human name, e.g. {@code cello}. */
    public String displayName() {
        return displayName;
    }

    public int index() {
        return ordinal();
    }

    public static Optional<Instrument> fromCode(String code) {
        String c = code.strip().toLowerCase(java.util.Locale.ROOT);
        for (Instrument i : ALL) {
            if (i.code.equals(c)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
