package dev.timbre.cli;

import dev.timbre.workflow.RunTraining;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.Rules;
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

    @Option(names = "--thresholds", defaultValue = "validation", converter = Choices.ThresholdSources.class,
            description = "validation: choose S1/S2 thresholds on validation mixtures (default); study: keep the "
                    + "study's fixed 0.1 / 0.4.")
    Choices.Thresholds thresholdsMode;

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
        ModelBundle bundle;
        try (TrainingProgress progress = new TrainingProgress(out)) {
            bundle = RunTraining.train(data, model.spec(), model.features(), training.settings(), Rules.newBundle(),
                    cache.cache(), this.out, resume,
                    String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                    thresholdsMode == Choices.Thresholds.VALIDATION, TimbreCli.device(spec), progress);
        }
        out.printf("Decision rules: %s (default %s)%n", String.join(", ", bundle.manifest().rules()),
                bundle.manifest().defaultRule());
        out.printf("Model bundle: %s%n", bundle.location());
        return 0;
    }
}
