package dev.timbre.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /**
     * Its message, or its class's simple name when it has none. A file-system exception without a reason (the JDK
     * throws {@link NoSuchFileException} and its kin with the path alone) gets the reason its class stands for.
     */
    public static String message(Throwable t) {
        if (t instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
            String reason = f instanceof NoSuchFileException ? "no such file or directory"
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f instanceof NotDirectoryException ? "not a directory"
                    : f instanceof DirectoryNotEmptyException ? "directory not empty"
                    : null;
            if (reason != null) {
                return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
            }
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static boolean isUserError(Throwable t) {
        return t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException;
    }
}
