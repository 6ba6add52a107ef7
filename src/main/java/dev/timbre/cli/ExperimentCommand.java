package dev.timbre.cli;

import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.BundleTraining;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.experiment.ExperimentGrid;
import dev.timbre.experiment.ExperimentLog;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.predict.TestSetEvaluation;
import dev.timbre.report.ResultsTable;
import dev.timbre.train.ModelTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code timbre experiment}: trains and evaluates every run of a grid into one experiment directory. Complete
 * runs are skipped, an interrupted run resumes from its checkpoint, a failed run is recorded and the rest go on.
 *
 * <p>Layout: {@code EXP_DIR/runs/<run>/} is each run's bundle with {@code results.json} (thresholds chosen on
 * validation), {@code results-study.json} (the study's fixed thresholds) and the window logits;
 * {@code EXP_DIR/results.csv} has the study's columns, two rows per run ({@code <run>} and {@code <run>@study});
 * {@code EXP_DIR/experiment.json} says what ran, how long, and what failed.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        header = "Train and evaluate a grid of runs into one directory, resuming where it stopped.",
        description = {"Train and evaluate a grid of runs (the study's, a quick subset or your own JSON file)",
                "into one directory; rerunning skips complete runs and resumes an interrupted one."})
public final class ExperimentCommand implements Callable<Integer> {

    static final String RESULTS = RunDirectory.RESULTS;
    static final String STUDY_RESULTS = RunDirectory.STUDY_RESULTS;
    static final String PER_CLASS_RESULTS = RunDirectory.PER_CLASS_RESULTS;

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

    @Option(names = "--windowing", defaultValue = "cover",
            description = "Test windowing: cover (default) or study (the study's cutter).")
    String windowing;

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
        WindowPolicy policy = WindowPolicy.parse(windowing);
        // Every run's options are checked before the first one trains for an hour.
        for (ExperimentGrid.Run run : g.runs()) {
            try {
                parse(g, run).model.spec();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("grid '" + g.name() + "', run '" + run.name() + "': "
                        + e.getMessage(), e);
            }
        }
        if (only != null) {
            for (String name : only) {
                if (g.runs().stream().noneMatch(r -> r.name().equals(name))) {
                    throw new IllegalArgumentException("--only: grid '" + g.name() + "' has no run '" + name + "'");
                }
            }
        }
        // A missing or partial data set is one error now, not one failed run per grid entry.
        IrmasDataset dataset = IrmasDataset.open(data);
        if (dataset.training().isEmpty() || dataset.testing().isEmpty()) {
            throw new java.io.IOException(data + ": an experiment needs both " + IrmasDataset.TRAINING_DIR + "/ and "
                    + IrmasDataset.TESTING_PREFIX + "N/ clips (found " + dataset.training().size() + " training, "
                    + dataset.testing().size() + " testing)");
        }
        Files.createDirectories(out.resolve("runs"));
        ExperimentLog log = ExperimentLog.open(out, g, data);
        int index = 0;
        for (ExperimentGrid.Run run : g.runs()) {
            index++;
            if (only != null && !only.contains(run.name())) {
                continue;
            }
            Path runDir = out.resolve("runs").resolve(run.name());
            if (Files.exists(runDir.resolve(RESULTS)) && Files.exists(runDir.resolve(STUDY_RESULTS))) {
                w.printf("[%d/%d] %s: complete, skipped%n", index, g.runs().size(), run.name());
                log.skipped(run);
                continue;
            }
            w.printf("[%d/%d] %s: %s%n", index, g.runs().size(), run.name(), String.join(" ", g.argsOf(run)));
            w.flush();
            long start = System.nanoTime();
            try {
                runOne(g, run, runDir, policy, w);
                log.done(run, (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                String reason = OneLineErrors.describe(e);
                w.printf("[%d/%d] %s: FAILED: %s (the other runs go on)%n", index, g.runs().size(), run.name(),
                        reason);
                log.failed(run, (System.nanoTime() - start) / 1e9, reason);
            }
            w.flush();
            log.writeResultsCsv(out, STUDY_RESULTS);
        }
        log.writeResultsCsv(out, STUDY_RESULTS);
        w.printf("Experiment %s: %d complete, %d failed. Results: %s; runs in %s%n", g.name(), log.complete(),
                log.failedCount(), out.resolve(ExperimentLog.RESULTS_CSV), out.resolve("runs"));
        return log.failedCount() == 0 ? 0 : 2;
    }

    /**
     * Test scores of S1 and S2 with the per-class thresholds chosen on validation mixtures (thresholds.json), for
     * the threshold study; the bundle's own rules keep one threshold each.
     */
    private static java.util.Map<String, EvaluationReport.RuleResult> perClassScores(
            Path runDir, ModelBundle bundle, TestSetEvaluation.Outcome outcome) throws java.io.IOException {
        var out = new java.util.LinkedHashMap<String, EvaluationReport.RuleResult>();
        var sweeps = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(runDir.resolve(RunDirectory.THRESHOLDS).toFile()).path("sweeps");
        java.util.List<String> classes = bundle.manifest().classes();
        for (String family : java.util.List.of("s1", "s2")) {
            var node = sweeps.path(family);
            if (!node.has("perClass")) {
                continue;
            }
            double[] t = new double[classes.size()];
            for (int c = 0; c < t.length; c++) {
                t[c] = node.path("perClass").path(classes.get(c)).asDouble();
            }
            out.put(family, dev.timbre.eval.ClipEvaluation.scorePerClass(
                    dev.timbre.eval.DecisionRule.parse(node.path("chosen").asText()), t, outcome.logits(), classes));
        }
        return out;
    }

    /** A run's own options override the grid's defaults, so a repeated option is allowed here. */
    static RunOptions parse(ExperimentGrid g, ExperimentGrid.Run run) {
        RunOptions o = new RunOptions();
        new CommandLine(o).setOverwrittenOptionsAllowed(true).parseArgs(g.argsOf(run).toArray(String[]::new));
        return o;
    }

    private void runOne(ExperimentGrid g, ExperimentGrid.Run run, Path runDir, WindowPolicy policy, PrintWriter w)
            throws Exception {
        RunOptions o = parse(g, run);
        ModelBundle bundle;
        boolean trained = Files.exists(runDir.resolve(RunDirectory.MANIFEST))
                && Files.exists(runDir.resolve(RunDirectory.THRESHOLDS));
        if (trained) {
            bundle = ModelBundle.read(runDir);
        } else {
            boolean resume = Files.exists(runDir.resolve(RunDirectory.CHECKPOINT));
            if (resume) {
                w.printf("    resuming from %s%n", runDir.resolve(RunDirectory.CHECKPOINT));
            }
            bundle = TrainCommand.run(o.model.spec(), o.model.features(), o.training.settings(), data, runDir,
                    resume, cache.cache(),
                    "timbre experiment --grid " + g.name() + " (run " + run.name() + "): "
                            + String.join(" ", g.argsOf(run)), true, w);
        }
        TestSetEvaluation.Outcome outcome = EvaluateCommand.evaluate(bundle, data, policy,
                EvaluateCommand.rulesFor("bundle", bundle));
        EvaluationReport chosen = outcome.report().withModel(run.name());
        EvaluationReport study = dev.timbre.eval.ClipEvaluation.rescore(outcome.report(), outcome.logits(), EvaluateCommand.rulesFor("study", bundle))
                .withModel(run.name() + "@study");
        ResultsTable.print(chosen, w);
        EvaluateCommand.writeLogits(outcome.logits(), runDir.resolve(RunDirectory.WINDOW_LOGITS));
        EvaluateCommand.recordInBundle(runDir, chosen);
        Files.writeString(runDir.resolve(RunDirectory.RESULTS_CSV), ResultsTable.csvHeader() + "\n"
                + ResultsTable.csvRow(chosen) + "\n" + ResultsTable.csvRow(study) + "\n");
        ExperimentLog.writeAtomically(runDir.resolve(PER_CLASS_RESULTS),
                ModelBundle.toJson(perClassScores(runDir, bundle, outcome)));
        ExperimentLog.writeAtomically(runDir.resolve(STUDY_RESULTS), ModelBundle.toJson(study));
        // Written last: its presence marks the run complete.
        ExperimentLog.writeAtomically(runDir.resolve(RESULTS), ModelBundle.toJson(chosen));
    }
}
