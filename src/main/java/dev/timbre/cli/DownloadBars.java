package dev.timbre.cli;

import dev.timbre.dataset.download.DownloadProgress;
import dev.timbre.dataset.download.IrmasArchive;

import java.io.PrintWriter;

/**
 * The download's progress through the CLI's own {@link Progress}: a bar per archive on a terminal, a line per tenth
 * in a log, nothing with {@code TIMBRE_PROGRESS=0}, in KiB or MiB.
 */
final class DownloadBars implements DownloadProgress {

    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;

    private final String name;
    private final PrintWriter err;
    /** Draw as on a terminal or as in a log; null: as the environment says ({@link Progress#bar}). */
    private final Boolean terminal;
    private Progress bar;
    private long unitBytes = MIB;

    private DownloadBars(String name, PrintWriter err, Boolean terminal) {
        this.name = name;
        this.err = err;
        this.terminal = terminal;
    }

    /** A display per archive on {@code err}. */
    static DownloadProgress.Factory on(PrintWriter err) {
        return (IrmasArchive archive) -> new DownloadBars(archive.fileName(), err, null);
    }

    /** A display per archive on {@code err}, drawn as on a terminal or as in a log (tests). */
    static DownloadProgress.Factory on(PrintWriter err, boolean terminal) {
        return (IrmasArchive archive) -> new DownloadBars(archive.fileName(), err, terminal);
    }

    @Override
    public void restart(long have, long total) {
        close();
        // Small files count in KiB, so that they show progress at all.
        unitBytes = total >= 0 && total < 16 * MIB ? KIB : MIB;
        long max = total < 0 ? 0 : units(total);
        String unit = unitBytes == KIB ? "KiB" : "MiB";
        bar = terminal == null ? Progress.bar(err, name, max, unit, Progress.LogLines.TENTHS)
                : Progress.of(err, terminal, Progress.LogLines.TENTHS, name, max, unit, 100);
        bar.stepTo(units(have));
    }

    @Override
    public void advance(long have) {
        if (bar != null) {
            bar.stepTo(units(have));
        }
    }

    @Override
    public void note(String message) {
        String line = name + ": " + message;
        if (bar != null) {
            bar.println(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private long units(long bytes) {
        return (bytes + unitBytes - 1) / unitBytes;
    }
}
