package dev.timbre.cli;

import dev.timbre.workflow.Evaluation;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A progress bar over the clips an evaluation scores. */
final class EvaluationProgress implements Evaluation.Progress {

    private Progress bar;

    @Override
    public void start(int clips) {
        bar = Progress.bar("evaluate", clips, "clips");
    }

    @Override
    public void done(int clips) {
        bar.stepTo(clips);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Where an evaluation was recorded. */
    static void printRecorded(Path json, Path csv, PrintWriter w) {
        w.printf("Results: %s (row appended to %s)%n", json, csv);
        w.flush();
    }
}
