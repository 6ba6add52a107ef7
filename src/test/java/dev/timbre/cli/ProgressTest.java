package dev.timbre.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress as a terminal shows it and as a log keeps it. */
class ProgressTest {

    @Test
    void aLogGetsALinePerFileAndNoCarriageReturns() {
        StringWriter log = new StringWriter();
        try (Progress p = Progress.of(new PrintWriter(log), false, Progress.LogLines.EVERY_STEP, "predict", 2, "files",
                100)) {
            p.step("a.wav");
            p.println("b.wav: not a WAV file");
            p.step("b.wav");
        }
        assertThat(log.toString()).doesNotContain("\r").hasLineCount(3);
        assertThat(log.toString().lines().toList().get(0)).startsWith("predict  50%  1/2 files").endsWith("a.wav");
        assertThat(log.toString().lines().toList().get(1)).isEqualTo("b.wav: not a WAV file");
        assertThat(log.toString().lines().toList().get(2)).startsWith("predict 100%  2/2 files").contains("b.wav");
    }

    @Test
    void longWorkInALogGetsALinePerTenthAndBatchesNone() {
        StringWriter log = new StringWriter();
        try (Progress p = Progress.of(new PrintWriter(log), false, Progress.LogLines.TENTHS, "features", 1000,
                "clips", 100)) {
            for (int i = 1; i <= 1000; i++) {
                p.stepTo(i);
            }
        }
        assertThat(log.toString().lines()).hasSize(10).last().asString().startsWith("features 100%  1000/1000 clips");
        StringWriter none = new StringWriter();
        try (Progress p = Progress.of(new PrintWriter(none), false, Progress.LogLines.NONE, "epoch 1", 40,
                "batches", 100)) {
            for (int i = 1; i <= 40; i++) {
                p.stepTo(i);
            }
        }
        assertThat(none.toString()).isEmpty();
    }

    @Test
    void onATerminalALinePrintedMeanwhileIsNeverGluedToTheBar() {
        StringWriter tty = new StringWriter();
        try (Progress p = Progress.of(new PrintWriter(tty), true, Progress.LogLines.EVERY_STEP, "predict", 3, "files",
                100)) {
            p.step("a.wav");
            p.println("b.wav: not a WAV file");
        }
        String out = tty.toString();
        int error = out.indexOf("b.wav: not a WAV file");
        assertThat(error).isPositive();
        String before = out.substring(0, error);
        assertThat(before).as("the bar's line is cleared back to its start").matches("(?s).*\\r +\\r$");
        assertThat(out).endsWith("\n");
    }

    @Test
    void countsUnitsAndRatesReadRightAndTheMessageGivesWayFirst() {
        StringWriter sink = new StringWriter();
        Progress one = Progress.of(new PrintWriter(sink), true, Progress.LogLines.EVERY_STEP, "predict", 1, "files", 60);
        one.step("x.wav");
        assertThat(one.render(true)).contains("1/1 file").doesNotContain("1/1 files");
        Progress wide = Progress.of(new PrintWriter(sink), true, Progress.LogLines.TENTHS, "features", 1100, "clips", 60);
        wide.stepTo(462);
        wide.message("a very long message about what is going on that cannot fit in sixty columns at all");
        String line = wide.render(true);
        assertThat(line).startsWith("features  42% [########............]  462/1100 clips").endsWith("…");
        assertThat(line.length()).isLessThanOrEqualTo(59);
        assertThat(Progress.rate(0.04)).isEqualTo("0.0");
        assertThat(Progress.rate(2.46)).isEqualTo("2.5");
        assertThat(Progress.rate(118.4)).isEqualTo("118");
    }
}
