package dev.timbre.cli;

import dev.timbre.eval.EvaluationReport;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.report.ResultsTable;
import dev.timbre.workflow.Evaluation;
import dev.timbre.workflow.Experiment;
import dev.timbre.workflow.ExperimentGrid;
import dev.timbre.workflow.RunTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code timbre experiment}: parses the grid and each run's options as {@code timbre train} parses them, then
 * runs the {@link Experiment} and shows it.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        header = "Train and evaluate a grid of runs into one directory, resuming where it stopped.",
        description = {"Train and evaluate a grid of runs (the study's, a quick subset or your own JSON file) "
                + "into one directory; rerunning skips complete runs and resumes an interrupted one."})
public final class ExperimentCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, description = "IRMAS-format root (training and testing clips).")
    Path data;

    @Option(names = "--grid", defaultValue = "quick",
            description = "study (the study's 20 runs), quick (7 CPU-sized runs) or a JSON grid file "
                    + "(default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--out", required = true, description = "Experiment directory.")
    Path out;

    @Option(names = "--windowing", defaultValue = "cover", converter = Choices.Windowings.class,
            description = "Test windowing: cover (default) or study (the study's cutter).")
    WindowPolicy windowing;

    @Option(names = "--only", split = ",", description = "Run only these runs of the grid (comma-separated names).")
    java.util.List<String> only;

    @Mixin
    CacheOptions cache = new CacheOptions();

    /** A run's options, parsed exactly as {@code timbre train} parses them. */
    @Command(name = "run")
    static final class RunOptions {
        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        TrainOptions training = new TrainOptions();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        ExperimentGrid g = ExperimentGrid.load(grid);
        WindowPolicy policy = windowing;
        // Every run's options are checked before the first one trains for an hour.
        for (ExperimentGrid.Run run : g.runs()) {
            try {
                parse(g, run).model.spec();
            } catch (RuntimeException e) {
                String problem = e instanceof CommandLine.ParameterException p ? Choices.oneLine(p) : e.getMessage();
                throw new IllegalArgumentException("grid '" + g.name() + "', run '" + run.name() + "': " + problem,
                        e);
            }
        }
        if (only != null) {
            for (String name : only) {
                if (g.runs().stream().noneMatch(r -> r.name().equals(name))) {
                    throw new IllegalArgumentException("--only: grid '" + g.name() + "' has no run '" + name + "'");
                }
            }
        }
        TrainingProgress[] training = new TrainingProgress[1];
        Experiment.Listener listener = new Experiment.Listener() {
            @Override
            public void onSkipped(int index, int total, ExperimentGrid.Run run) {
                w.printf("[%d/%d] %s: complete, skipped%n", index, total, run.name());
            }

            @Override
            public void onRunStart(int index, int total, ExperimentGrid.Run run, java.util.List<String> args) {
                w.printf("[%d/%d] %s: %s%n", index, total, run.name(), String.join(" ", args));
                w.flush();
            }

            @Override
            public void onResuming(Path checkpoint) {
                w.printf("    resuming from %s%n", checkpoint);
            }

            @Override
            public RunTraining.Listener training() {
                training[0] = new TrainingProgress(w);
                return training[0];
            }

            @Override
            public Evaluation.Progress evaluation() {
                return new EvaluationProgress();
            }

            @Override
            public void onScored(EvaluationReport chosen) {
                ResultsTable.print(chosen, w);
            }

            @Override
            public void onFailed(int index, int total, ExperimentGrid.Run run, String reason) {
                endTraining();
                w.printf("[%d/%d] %s: FAILED: %s (the other runs go on)%n", index, total, run.name(), reason);
            }

            @Override
            public void onRunEnd() {
                endTraining();
                w.flush();
            }

            private void endTraining() {
                if (training[0] != null) {
                    training[0].close();
                    training[0] = null;
                }
            }
        };
        Experiment.Summary summary = Experiment.run(g, data, out, policy, only, cache.cache(),
                TimbreCli.device(spec), run -> {
            RunOptions o = parse(g, run);
            return new Experiment.RunSettings(o.model.spec(), o.model.features(), o.training.settings());
        }, listener);
        w.printf("Experiment %s: %d complete, %d failed. Results: %s; runs in %s%n", g.name(), summary.complete(),
                summary.failed(), summary.resultsCsv(), summary.runs());
        return summary.failed() == 0 ? 0 : 2;
    }

    /** A run's own options override the grid's defaults, so a repeated option is allowed here. */
    static RunOptions parse(ExperimentGrid g, ExperimentGrid.Run run) {
        RunOptions o = new RunOptions();
        new CommandLine(o).setOverwrittenOptionsAllowed(true).parseArgs(g.argsOf(run).toArray(String[]::new));
        return o;
    }
}
