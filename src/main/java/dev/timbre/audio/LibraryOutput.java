package dev.timbre.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Keeps decoder libraries off standard output. jFLAC prints a debugging line ({@code readResidual elsecase, pEsc
 * = 15}) for every escape-coded residual partition of a valid FLAC file, which would break
 * {@code timbre predict --format json}'s one object per line. Library code runs through {@link #muted}, which drops
 * whatever the current thread writes to {@code System.out} meanwhile; other threads write as usual.
 */
final class LibraryOutput {

    /** Work that may throw an {@link IOException}. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> false);

    private LibraryOutput() {
    }

    /** Runs {@code work} with this thread's writes to {@code System.out} dropped. */
    static <T> T muted(Work<T> work) throws IOException {
        install();
        if (MUTED.get()) {
            return work.run();
        }
        MUTED.set(true);
        try {
            return work.run();
        } finally {
            MUTED.set(false);
        }
    }

    /**
     * Puts a {@link ThreadMutableStdout} in front of whatever {@code System.out} is now (once, and again if
     * someone replaced it since).
     */
    private static synchronized void install() {
        if (!(System.out instanceof ThreadMutableStdout)) {
            System.setOut(new ThreadMutableStdout(System.out));
        }
    }

    /** Standard output that passes every thread's bytes on except those of a thread inside {@link #muted}. */
    static final class ThreadMutableStdout extends PrintStream {

        ThreadMutableStdout(PrintStream target) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!MUTED.get()) {
                        target.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!MUTED.get()) {
                        target.write(b, off, len);
                    }
                }

                @Override
                public void flush() {
                    target.flush();
                }
            }, true);
        }
    }
}
