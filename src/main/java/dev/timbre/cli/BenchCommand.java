package dev.timbre.cli;

import picocli.CommandLine.Command;

/** {@code timbre bench}: measurements of speed, memory and accuracy on real audio (never part of the tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and memory on this machine, and accuracy on real recordings.",
        subcommands = {BenchFeaturesCommand.class, BenchTrainCommand.class, BenchServeCommand.class,
                BenchRealCommand.class})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No measurement named: the usage on stderr, since nothing was measured, and the usage error's code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return TimbreCli.USAGE_ERROR;
    }
}
