package dev.timbre.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr for long work; silent when {@code TIMBRE_PROGRESS=0}. */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress bar(String task, long total, String unit) {
        if ("0".equals(System.getenv("TIMBRE_PROGRESS"))) {
            return new Progress(null);
        }
        ProgressBar b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250).continuousUpdate()
                .build();
        return new Progress(b);
    }

    synchronized void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    synchronized void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /**
     * Ends the bar's current line on stderr, so that a line printed next (a skipped file on stdout) starts on a
     * line of its own in a terminal instead of after the bar's text; the bar redraws below it.
     */
    synchronized void breakLine() {
        if (bar != null) {
            System.err.println();
            System.err.flush();
        }
    }

    synchronized void message(String m) {
        if (bar != null) {
            bar.setExtraMessage(m);
        }
    }

    synchronized void maxHint(long n) {
        if (bar != null) {
            bar.maxHint(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
