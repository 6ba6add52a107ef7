package dev.timbre.cli;

import picocli.CommandLine.Command;

/** {@code timbre bench}: throughput measurements (never part of the tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput on this machine.",
        subcommands = {BenchFeaturesCommand.class, BenchTrainCommand.class, BenchServeCommand.class,
                BenchRealCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
