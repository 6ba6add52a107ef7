package dev.timbre.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a failure says in one line, and whether it is one the user can act on (a bad file, a bad argument) or an
 * internal error: the CLI's exit codes and an experiment's record of a failed run both tell them apart this way.
 */
public final class Failures {

    private Failures() {
    }

    /** The one line for {@code ex}: its message, or its class name for an internal error without one. */
    public static String describe(Throwable ex) {
        Throwable t = unwrap(ex);
        String msg = message(t);
        return isUserError(t) ? msg : msg + " (internal error " + t.getClass().getName() + ")";
    }

    /** The exception an {@link UncheckedIOException} carries, else {@code t}. */
    public static Throwable unwrap(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause();
        }
        return t;
    }

    /** Its message, or its class's simple name when it has none. */
    public static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static boolean isUserError(Throwable t) {
        return t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException;
    }
}
