package dev.timbre.dataset.download;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A text progress bar per archive (me.tongfei:progressbar): bytes so far, rate, ETA. It writes to the
 * given writer, redrawing one line with carriage returns, so a command can point it at its own stderr.
 */
public final class ProgressBarDisplay implements DownloadProgress {

    private static final long MIB = 1L << 20;

    private final String name;
    private final PrintWriter out;
    private ProgressBar bar;

    private ProgressBarDisplay(String name, PrintWriter out) {
        this.name = name;
        this.out = out;
    }

    /** A factory that draws each archive's bar on {@code out}. */
    public static Factory on(PrintWriter out) {
        return archive -> new ProgressBarDisplay(archive.fileName(), out);
    }

    @Override
    public void restart(long have, long total) {
        closeBar();
        // startsFrom keeps the rate and ETA honest on a resume: the bytes already on disk were not
        // fetched in this session.
        bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setUnit(" MiB", MIB)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .startsFrom(have, Duration.ZERO)
                .setConsumer(new WriterConsumer(out))
                .build();
    }

    @Override
    public void advance(long have) {
        if (bar != null) {
            bar.stepTo(have);
        }
    }

    @Override
    public void note(String message) {
        closeBar();
        out.println(name + ": " + message);
        out.flush();
    }

    @Override
    public void close() {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter out;

        WriterConsumer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            out.print('\r');
            out.print(rendered);
            out.flush();
        }

        @Override
        public void close() {
            out.println();
            out.flush();
        }
    }
}
