package dev.timbre.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns an exception from a command into one line on stderr and an exit code: 1 for a failure the user can
 * act on (bad file, bad argument), 3 for an internal error. {@code TIMBRE_DEBUG=1} prints the stack trace.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 3;

    /** The one line for {@code ex}: its message, or its class name for an internal error without one. */
    static String describe(Throwable ex) {
        Throwable t = unwrap(ex);
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return isUserError(t) ? msg : msg + " (internal error " + t.getClass().getName() + ")";
    }

    private static Throwable unwrap(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause();
        }
        return t;
    }

    private static boolean isUserError(Throwable t) {
        return t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = unwrap(ex);
        boolean user = isUserError(t);
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        cl.getErr().println(cl.getColorScheme().errorText(cl.getCommandSpec().qualifiedName() + ": " + msg));
        if ("1".equals(System.getenv("TIMBRE_DEBUG"))) {
            t.printStackTrace(cl.getErr());
        } else if (!user) {
            cl.getErr().println("(internal error " + t.getClass().getName() + "; TIMBRE_DEBUG=1 shows the trace)");
        }
        cl.getErr().flush();
        return user ? USER_ERROR : INTERNAL_ERROR;
    }
}
