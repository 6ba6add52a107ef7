package dev.timbre.cli;

import dev.timbre.model.ComputeDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code timbre} command: one subcommand class per verb. Only {@link #main} exits the JVM. */
@Command(name = "timbre",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Recognizes which musical instruments play in a recording (IRMAS classes).",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                SynthCommand.class,
                DownloadCommand.class,
                TrainCommand.class,
                EnsembleCommand.class,
                EvaluateCommand.class,
                ExperimentCommand.class,
                ReportCommand.class,
                PredictCommand.class,
                ServeCommand.class,
                ModelsCommand.class,
                BenchCommand.class,
        })
public final class TimbreCli implements java.util.concurrent.Callable<Integer> {

    /** The exit code of a command line that names no command (picocli's code for a usage error). */
    static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--device", defaultValue = "auto", scope = CommandLine.ScopeType.INHERIT,
            converter = Choices.Devices.class,
            description = "Where networks run: auto (a GPU with the CUDA build, else CPU), cpu or gpu "
                    + "(default: ${DEFAULT-VALUE}).")
    ComputeDevice device = ComputeDevice.AUTO;

    /** The {@code --device} given to the command line {@code spec} is part of (auto outside {@code timbre}). */
    static ComputeDevice device(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof TimbreCli cli ? cli.device : ComputeDevice.AUTO;
    }

    /** No command given: the usage, on stderr since nothing was done, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_ERROR;
    }

    /** A command line wired with timbre's error handling, writing to the given streams (tests capture them). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TimbreCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        // A value an option does not take is a user error in one line, like any other; picocli's own parse
        // errors (a missing or unknown option) keep its usage help.
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, args) -> {
            if (!Choices.refused(ex)) {
                return usage.handleParseException(ex, args);
            }
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getColorScheme().errorText(c.getCommandSpec().qualifiedName() + ": "
                    + Choices.oneLine(ex)));
            c.getErr().flush();
            return OneLineErrors.USER_ERROR;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
