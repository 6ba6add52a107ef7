package dev.timbre.cli;

import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.EpochStats;
import dev.timbre.workflow.RunTraining;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a training run shows: progress bars for features and each epoch's batches on stderr, and a line per epoch
 * and how training ended on {@code out}, which is what a log keeps. Closing it clears a bar left open by a failure.
 */
final class TrainingProgress implements RunTraining.Listener, AutoCloseable {

    private final PrintWriter out;
    private Progress bar;

    TrainingProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onStart(ModelSpec spec, Path data, Path runDir) {
        out.printf("Training %s on %s -> %s%n", spec.describe(), data, runDir);
        out.flush();
    }

    @Override
    public void onFeaturesStart(int total) {
        bar = Progress.bar("features", total, "clips");
    }

    @Override
    public void onFeatures(int done, int total) {
        bar.stepTo(done);
    }

    @Override
    public void onSkipped(String message) {
        if (bar != null) {
            bar.clear();
        }
        out.println("skipped: " + message);
        out.flush();
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        if (bar != null) {
            bar.close();
        }
        // The epoch's own line below is what a log gets.
        bar = Progress.bar(new PrintWriter(System.err, true), "epoch " + epoch, batches, "batches",
                Progress.LogLines.NONE);
    }

    @Override
    public void onBatch(int epoch, int batch, double loss, double clipsPerSecond) {
        bar.stepTo(batch);
        bar.message(String.format(Locale.ROOT, "loss %.4f, %s clips/s", loss, Progress.rate(clipsPerSecond)));
    }

    @Override
    public void onEpochEnd(EpochStats s) {
        bar.close();
        bar = null;
        out.printf("epoch %3d  train loss %.4f  val loss %.4f  val micro-F1 %.3f  %.1f s  %.0f clips/s%s%n",
                s.epoch(), s.trainLoss(), s.valLoss(), s.valMicroF1(), s.seconds(), s.clipsPerSecond(),
                s.improved() ? "  *best" : "");
        out.flush();
    }

    @Override
    public void onThresholds(int mixtures) {
        out.printf("Choosing S1/S2 thresholds on %d validation mixtures%n", mixtures);
        out.flush();
    }

    @Override
    public void onTrained(ModelBundle bundle) {
        out.println(outcome(bundle.manifest().training()));
        out.flush();
    }

    /** How training ended and which epoch's weights the bundle holds, in one line. */
    static String outcome(BundleManifest.TrainingProvenance t) {
        String end = t.stoppedEarly()
                ? String.format("Stopped early after epoch %d: no lower validation loss in %d epochs", t.epochs(),
                        t.settings().patience())
                : String.format("Trained all %d epochs", t.epochs());
        return end + String.format("; kept epoch %d (lowest validation loss).", t.bestEpoch());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
