package dev.timbre.cli;

import dev.timbre.workflow.Failures;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one line on stderr and an exit code: 1 for a failure the user can
 * act on (bad file, bad argument), 3 for an internal error. {@code TIMBRE_DEBUG=1} prints the stack trace.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = Failures.unwrap(ex);
        boolean user = Failures.isUserError(t);
        String msg = Failures.message(t);
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
