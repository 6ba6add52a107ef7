package dev.timbre.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work on stderr, drawn for where stderr goes. On a terminal, one bar redrawn in place
 * ({@code features  42% [########............]  462/1100 clips  118 clips/s}); in a log (stderr redirected),
 * plain lines: one per step for work counted in files, one per tenth for the rest, none for the batches inside an
 * epoch (the epoch's own line says it). Lines printed through {@link #println} never land on a bar's line.
 * {@code TIMBRE_PROGRESS=0} turns all of it off, {@code TIMBRE_PROGRESS=1} draws bars even where stderr is not a
 * terminal.
 */
final class Progress implements AutoCloseable {

    /** How often a log gets a line. */
    enum LogLines {
        /** A line per step (each file). */
        EVERY_STEP,
        /** A line each time another tenth of the total is done, and at the end. */
        TENTHS,
        /** Nothing (the caller logs a line of its own per unit). */
        NONE
    }

    private enum Mode { BAR, LOG, OFF }

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int DEFAULT_WIDTH = 100;

    private final PrintWriter err;
    private final Mode mode;
    private final LogLines logLines;
    private final String task;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private final int width;
    private long total;
    private long done;
    private String message = "";
    private String item = "";
    private long lastDraw;
    private int drawnLength;
    private long loggedTenths;
    private boolean closed;

    private Progress(PrintWriter err, Mode mode, LogLines logLines, String task, long total, String unit,
                     int width) {
        this.err = err;
        this.mode = mode;
        this.logLines = logLines;
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.width = width;
    }

    /** Progress on the process's stderr, a line per tenth in a log. */
    static Progress bar(String task, long total, String unit) {
        return bar(new PrintWriter(System.err, true), task, total, unit, LogLines.TENTHS);
    }

    /**
     * @param unit the plural noun counted ("files", "clips"); one of them is written without its final "s"
     */
    static Progress bar(PrintWriter err, String task, long total, String unit, LogLines logLines) {
        return new Progress(err, mode(), logLines, task, total, unit, terminalWidth());
    }

    /** Progress drawn as given, for tests. */
    static Progress of(PrintWriter err, boolean terminal, LogLines logLines, String task, long total, String unit,
                       int width) {
        return new Progress(err, terminal ? Mode.BAR : Mode.LOG, logLines, task, total, unit, width);
    }

    /** Whether bars are drawn here (a terminal, or asked for); off or in a log, a command can stay quiet. */
    static boolean drawsBars() {
        return mode() == Mode.BAR;
    }

    private static Mode mode() {
        String setting = System.getenv("TIMBRE_PROGRESS");
        if ("0".equals(setting)) {
            return Mode.OFF;
        }
        if ("1".equals(setting)) {
            return Mode.BAR;
        }
        return Terminal.stderrIsTerminal() ? Mode.BAR : Mode.LOG;
    }

    /** Synthesis progress on this bar; a recording the sample banks leave out is a line of its own. */
    dev.timbre.dataset.synth.CorpusSynthesizer.Progress synthesis() {
        return new dev.timbre.dataset.synth.CorpusSynthesizer.Progress() {
            @Override
            public void update(int done, int total) {
                stepTo(done);
            }

            @Override
            public void skipped(String line) {
                println(line);
            }
        };
    }

    synchronized void stepTo(long n) {
        done = Math.max(done, n);
        update(false);
    }

    synchronized void step() {
        step("");
    }

    /** One more done; {@code name} says which (a file), shown in the log line. */
    synchronized void step(String name) {
        done++;
        item = name;
        update(logLines == LogLines.EVERY_STEP);
    }

    synchronized void message(String m) {
        message = m == null ? "" : m;
    }

    synchronized void maxHint(long n) {
        total = n;
    }

    /**
     * Clears a bar drawn on the terminal, before the caller prints a line elsewhere (stdout shares the terminal);
     * the bar is drawn again at the next step.
     */
    synchronized void clear() {
        if (mode == Mode.BAR && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }

    /** Prints {@code line} on a line of its own (clearing a bar drawn on the terminal first; it is redrawn after). */
    synchronized void println(String line) {
        if (mode == Mode.BAR && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
        err.println(line);
        err.flush();
        if (mode == Mode.BAR && !closed) {
            draw();
        }
    }

    private void update(boolean logThisStep) {
        switch (mode) {
            case BAR -> {
                long now = System.nanoTime();
                if (now - lastDraw >= REDRAW_NANOS || done >= total) {
                    draw();
                }
            }
            case LOG -> {
                if (logThisStep) {
                    logLine();
                } else if (logLines == LogLines.TENTHS && total > 0) {
                    long tenths = Math.min(10, done * 10 / total);
                    if (tenths > loggedTenths) {
                        loggedTenths = tenths;
                        logLine();
                    }
                }
            }
            case OFF -> {
            }
        }
    }

    private void draw() {
        lastDraw = System.nanoTime();
        String line = render(true);
        err.print("\r" + line + (line.length() < drawnLength ? " ".repeat(drawnLength - line.length()) : ""));
        err.flush();
        drawnLength = line.length();
    }

    private void logLine() {
        err.println(render(false));
        err.flush();
    }

    /**
     * The bar's text: task, percentage, bar, count, rate and the message. The message is what gives way when the
     * line is too wide for the terminal; the counts never do.
     */
    String render(boolean bar) {
        StringBuilder sb = new StringBuilder(task);
        if (total > 0) {
            long percent = Math.min(100, done * 100 / total);
            sb.append(String.format(Locale.ROOT, " %3d%%", percent));
            if (bar) {
                int cells = 20;
                int filled = (int) Math.min(cells, done * cells / total);
                sb.append(" [").append("#".repeat(filled)).append(".".repeat(cells - filled)).append(']');
            }
            sb.append("  ").append(done).append('/').append(total).append(' ').append(noun(total));
        } else {
            sb.append("  ").append(done).append(' ').append(noun(done));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (done > 0 && seconds >= 0.5) {
            sb.append("  ").append(rate(done / seconds)).append(' ').append(unit).append("/s");
        }
        String tail = !bar && !item.isEmpty() ? item + (message.isEmpty() ? "" : ", " + message) : message;
        if (!tail.isEmpty()) {
            int room = width - 1 - sb.length() - 2;
            if (!bar || tail.length() <= room) {
                sb.append("  ").append(tail);
            } else if (room > 1) {
                sb.append("  ").append(tail, 0, room - 1).append('…');
            }
        }
        return sb.toString();
    }

    /** "1 file", "2 files". */
    private String noun(long n) {
        return n == 1 && unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    /** Whole numbers from 10 up, one decimal below (never ".0"). */
    static String rate(double perSecond) {
        if (perSecond >= 10) {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 40 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mode == Mode.BAR) {
            draw();
            err.println();
            err.flush();
        } else if (mode == Mode.LOG && logLines == LogLines.TENTHS && loggedTenths < 10 && done > 0) {
            logLine();
        }
    }

    /** Whether stderr is a terminal: {@code isatty(2)} through the C library, else whether there is a console. */
    static final class Terminal {

        private interface CLibrary extends Library {
            int isatty(int fd);
        }

        private static volatile Boolean stderrIsTerminal;

        private Terminal() {
        }

        static boolean stderrIsTerminal() {
            Boolean known = stderrIsTerminal;
            if (known == null) {
                try {
                    known = Native.load("c", CLibrary.class).isatty(2) == 1;
                } catch (LinkageError | RuntimeException e) {
                    known = System.console() != null;
                }
                stderrIsTerminal = known;
            }
            return known;
        }
    }
}
