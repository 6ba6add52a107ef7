package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.workflow.EnsembleAssembly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code timbre ensemble}: one model bundle from several trained runs, their outputs averaged. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Combine trained runs into one model bundle that averages their networks' outputs, and "
                + "optionally each window's outputs over band shifts; S1/S2 thresholds are chosen again on the "
                + "validation recordings the runs held out. The runs must share network, features, training data "
                + "and validation split (train them with different --seed and one --split-seed). One run alone "
                + "adds the band shifts to it.")
public final class EnsembleCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories written by timbre train.")
    List<Path> runs;

    @Option(names = "--out", required = true, description = "Directory of the new model bundle.")
    Path out;

    @Option(names = "--data", description = "The IRMAS-format root the runs were trained on, if it has moved since "
            + "(default: the path the first run recorded); its validation recordings choose the thresholds.")
    Path data;

    @Option(names = "--test-band-shift", defaultValue = "0", converter = Choices.BandCount.class,
            description = "Average each window's outputs over the window shifted by every number of mel bands up "
                    + "to this one, up and down (default: ${DEFAULT-VALUE} = the window alone).")
    int testBandShift;

    @Option(names = "--force", description = "Replace a model bundle already in --out.")
    boolean force;

    @Mixin
    CacheOptions cache = new CacheOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle bundle;
        try (TrainingProgress progress = new TrainingProgress(out)) {
            bundle = EnsembleAssembly.assemble(runs, data, testBandShift, cache.cache(), this.out, force,
                    String.join(" ", spec.commandLine().getParseResult().originalArgs()), TimbreCli.device(spec),
                    progress);
        }
        out.printf("Model: %s%n", bundle.manifest().model().describe());
        out.printf("Decision rules: %s (default %s)%n", String.join(", ", bundle.manifest().rules()),
                bundle.manifest().defaultRule());
        out.printf("Model bundle: %s%n", bundle.location());
        return 0;
    }
}
