package dev.timbre.cli;

import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.BundleTraining;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.Rules;
import dev.timbre.feature.FeatureCache;
import dev.timbre.train.EpochStats;
import dev.timbre.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code timbre train}: train a model on an IRMAS-format root into a self-describing bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on IRMAS-format data; the run directory becomes a model bundle.")
public final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, description = "IRMAS-format root (IRMAS-TrainingData/ inside).")
    Path data;

    @Option(names = "--out", required = true, description = "Run directory (the model bundle).")
    Path out;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    TrainOptions training = new TrainOptions();

    @Mixin
    CacheOptions cache = new CacheOptions();

    @Option(names = "--thresholds", defaultValue = "validation",
            description = "validation: choose S1/S2 thresholds on validation mixtures (default); study: keep the "
                    + "study's fixed 0.1 / 0.4.")
    String thresholdsMode;

    @Option(names = "--resume", description = "Continue the interrupted run in --out from its last checkpoint, "
            + "with the same options.")
    boolean resume;

    @Option(names = "--force", description = "Train afresh into an --out that already holds a complete model "
            + "bundle, replacing it.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (resume && force) {
            throw new IllegalArgumentException("--resume continues a run and --force replaces one: give one of them");
        }
        ModelBundle.requireReplaceable(this.out, resume || force);
        ModelBundle bundle = run(model.spec(), model.features(), training.settings(), data, this.out, resume,
                cache.cache(),
                String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                !thresholdsMode.equalsIgnoreCase("study"), out);
        out.printf("Decision rules: %s (default %s)%n", String.join(", ", bundle.manifest().rules()),
                bundle.manifest().defaultRule());
        out.printf("Model bundle: %s%n", bundle.location());
        return 0;
    }

    /** How training ended and which epoch's weights the bundle holds, in one line. */
    static String outcome(dev.timbre.bundle.BundleManifest.TrainingProvenance t, TrainSettings settings) {
        String end = t.stoppedEarly()
                ? String.format("Stopped early after epoch %d: no lower validation loss in %d epochs", t.epochs(),
                        settings.patience())
                : String.format("Trained all %d epochs", t.epochs());
        return end + String.format("; kept epoch %d (lowest validation loss).", t.bestEpoch());
    }

    /** Trains with progress bars and a line per epoch; shared with {@code demo}. */
    static ModelBundle run(dev.timbre.model.ModelSpec spec, dev.timbre.feature.FeatureSettings features,
                           TrainSettings settings, Path data, Path runDir, boolean resume, FeatureCache cache,
                           String command, boolean thresholds, PrintWriter out) throws Exception {
        out.printf("Training %s on %s -> %s%n", spec.describe(), data, runDir);
        out.flush();
        final Progress[] bar = new Progress[1];
        BundleTraining.Listener listener = new BundleTraining.Listener() {
            @Override
            public void onFeaturesStart(int total) {
                bar[0] = Progress.bar("features", total, "clips");
            }

            @Override
            public void onFeatures(int done, int total) {
                bar[0].stepTo(done);
            }

            @Override
            public void onSkipped(String message) {
                if (bar[0] != null) {
                    bar[0].clear();
                }
                out.println("skipped: " + message);
                out.flush();
            }

            @Override
            public void onEpochStart(int epoch, int batches) {
                if (bar[0] != null) {
                    bar[0].close();
                }
                // The epoch's own line below is what a log gets.
                bar[0] = Progress.bar(new PrintWriter(System.err, true), "epoch " + epoch, batches, "batches",
                        Progress.LogLines.NONE);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss, double clipsPerSecond) {
                bar[0].stepTo(batch);
                bar[0].message(String.format(java.util.Locale.ROOT, "loss %.4f, %s clips/s", loss,
                        Progress.rate(clipsPerSecond)));
            }

            @Override
            public void onEpochEnd(EpochStats s) {
                bar[0].close();
                bar[0] = null;
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
        };
        try {
            ModelBundle bundle = BundleTraining.train(data, spec, features, settings,
                    Rules.newBundle(), cache, runDir, resume, command,
                    thresholds, listener);
            out.println(outcome(bundle.manifest().training(), settings));
            out.flush();
            return bundle;
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
