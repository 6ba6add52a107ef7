package dev.timbre.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.eval.Rules;
import dev.timbre.io.Json;
import dev.timbre.feature.FeatureCache;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.ModelSpec;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.report.ResultsTable;
import dev.timbre.train.TrainSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains and evaluates every run of a grid into one experiment directory. Complete runs are skipped, an
 * interrupted run resumes from its checkpoint, a failed run is recorded and the rest go on.
 *
 * <p>Layout: {@code EXP_DIR/runs/<run>/} is each run's bundle with {@code results.json} (thresholds chosen on
 * validation), {@code results-study.json} (the study's fixed thresholds) and the window logits;
 * {@code EXP_DIR/results.csv} has the study's columns, two rows per run ({@code <run>} and {@code <run>@study});
 * {@code EXP_DIR/experiment.json} says what ran, how long, and what failed.
 */
public final class Experiment {

    /** Where each run's bundle goes, under the experiment directory. */
    public static final String RUNS = "runs";

    private Experiment() {
    }

    /** A run's network, features and training. */
    public record RunSettings(ModelSpec spec, FeatureSettings features, TrainSettings training) {
    }

    /** Turns a grid run's options into settings; a run whose options do not parse fails alone. */
    @FunctionalInterface
    public interface RunSettingsSource {
        RunSettings of(ExperimentGrid.Run run);
    }

    /**
     * What the experiment does, as it does it.
     */
    public interface Listener {
        default void onSkipped(int index, int total, ExperimentGrid.Run run) {
        }

        default void onRunStart(int index, int total, ExperimentGrid.Run run, List<String> args) {
        }

        default void onResuming(Path checkpoint) {
        }

        /** Observes the run's training. */
        RunTraining.Listener training();

        /** Shows the run's evaluation. */
        Evaluation.Progress evaluation();

        /** The run's scores with the thresholds chosen on validation. */
        default void onScored(EvaluationReport chosen) {
        }

        default void onFailed(int index, int total, ExperimentGrid.Run run, String reason) {
        }

        /** The run is over, done or failed. */
        default void onRunEnd() {
        }
    }

    /**
     * @param complete   runs complete
     * @param failed     runs failed
     * @param resultsCsv the experiment's results table
     * @param runs       the folder of the runs' bundles
     */
    public record Summary(int complete, int failed, Path resultsCsv, Path runs) {
    }

    /**
     * Runs {@code grid} (only the runs named in {@code only}, when given) on {@code data} into {@code out}.
     *
     * @param policy test windowing
     * @param device where the networks train and run
     */
    public static Summary run(ExperimentGrid grid, Path data, Path out, WindowPolicy policy, List<String> only,
                              FeatureCache cache, ComputeDevice device, RunSettingsSource settings,
                              Listener listener) throws IOException {
        // A missing or partial data set is one error now, not one failed run per grid entry.
        IrmasDataset dataset = IrmasDataset.open(data);
        if (dataset.training().isEmpty() || dataset.testing().isEmpty()) {
            throw new IOException(data + ": an experiment needs both " + IrmasDataset.TRAINING_DIR + "/ and "
                    + IrmasDataset.TESTING_PREFIX + "N/ clips (found " + dataset.training().size() + " training, "
                    + dataset.testing().size() + " testing)");
        }
        Path runs = out.resolve(RUNS);
        Files.createDirectories(runs);
        ExperimentLog log = ExperimentLog.open(out, grid, data);
        int index = 0;
        int total = grid.runs().size();
        for (ExperimentGrid.Run run : grid.runs()) {
            index++;
            if (only != null && !only.contains(run.name())) {
                continue;
            }
            Path runDir = runs.resolve(run.name());
            if (isComplete(runDir)) {
                listener.onSkipped(index, total, run);
                log.skipped(run);
                continue;
            }
            listener.onRunStart(index, total, run, grid.argsOf(run));
            long start = System.nanoTime();
            try {
                runOne(grid, run, settings.of(run), data, runDir, policy, cache, device, listener);
                log.done(run, (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                String reason = Failures.describe(e);
                listener.onFailed(index, total, run, reason);
                log.failed(run, (System.nanoTime() - start) / 1e9, reason);
            }
            listener.onRunEnd();
            log.writeResultsCsv(out, RunDirectory.STUDY_RESULTS);
        }
        log.writeResultsCsv(out, RunDirectory.STUDY_RESULTS);
        return new Summary(log.complete(), log.failedCount(), out.resolve(ExperimentLog.RESULTS_CSV), runs);
    }

    /** A run is complete once both its results are written; the validation-threshold results are written last. */
    static boolean isComplete(Path runDir) {
        return Files.exists(runDir.resolve(RunDirectory.RESULTS))
                && Files.exists(runDir.resolve(RunDirectory.STUDY_RESULTS));
    }

    private static void runOne(ExperimentGrid g, ExperimentGrid.Run run, RunSettings s, Path data, Path runDir,
                               WindowPolicy policy, FeatureCache cache, ComputeDevice device, Listener listener)
            throws Exception {
        ModelBundle bundle;
        boolean trained = Files.exists(runDir.resolve(RunDirectory.MANIFEST))
                && Files.exists(runDir.resolve(RunDirectory.THRESHOLDS));
        if (trained) {
            bundle = ModelBundle.read(runDir);
        } else {
            boolean resume = Files.exists(runDir.resolve(RunDirectory.CHECKPOINT));
            if (resume) {
                listener.onResuming(runDir.resolve(RunDirectory.CHECKPOINT));
            }
            bundle = RunTraining.train(data, s.spec(), s.features(), s.training(), Rules.newBundle(), cache, runDir,
                    resume, "timbre experiment --grid " + g.name() + " (run " + run.name() + "): "
                            + String.join(" ", g.argsOf(run)), true, device, listener.training());
        }
        Evaluation.Outcome outcome = Evaluation.run(bundle, data, policy, Evaluation.bundleRules(bundle), device,
                listener.evaluation());
        EvaluationReport chosen = outcome.report().withModel(run.name());
        EvaluationReport study = ClipEvaluation.rescore(outcome.report(), outcome.logits(), Rules.study())
                .withModel(run.name() + "@study");
        listener.onScored(chosen);
        Evaluation.writeLogits(outcome.logits(), runDir.resolve(RunDirectory.WINDOW_LOGITS));
        Evaluation.recordInBundle(runDir, chosen);
        Files.writeString(runDir.resolve(RunDirectory.RESULTS_CSV), ResultsTable.csvHeader() + "\n"
                + ResultsTable.csvRow(chosen) + "\n" + ResultsTable.csvRow(study) + "\n");
        ExperimentLog.writeAtomically(runDir.resolve(RunDirectory.PER_CLASS_RESULTS),
                Json.text(perClassScores(runDir, bundle, outcome)));
        ExperimentLog.writeAtomically(runDir.resolve(RunDirectory.STUDY_RESULTS), Json.text(study));
        // Written last: its presence marks the run complete.
        ExperimentLog.writeAtomically(runDir.resolve(RunDirectory.RESULTS), Json.text(chosen));
    }

    /**
     * Test scores of S1 and S2 with the per-class thresholds chosen on validation mixtures (thresholds.json), for
     * the threshold study; the bundle's own rules keep one threshold each.
     */
    private static Map<String, EvaluationReport.RuleResult> perClassScores(Path runDir, ModelBundle bundle,
                                                                           Evaluation.Outcome outcome)
            throws IOException {
        Map<String, EvaluationReport.RuleResult> out = new LinkedHashMap<>();
        JsonNode sweeps = Json.mapper().readTree(runDir.resolve(RunDirectory.THRESHOLDS).toFile())
                .path("sweeps");
        List<String> classes = bundle.manifest().classes();
        for (String family : List.of("s1", "s2")) {
            JsonNode node = sweeps.path(family);
            if (!node.has("perClass")) {
                continue;
            }
            double[] t = new double[classes.size()];
            for (int c = 0; c < t.length; c++) {
                t[c] = node.path("perClass").path(classes.get(c)).asDouble();
            }
            out.put(family, ClipEvaluation.scorePerClass(DecisionRule.parse(node.path("chosen").asText()), t,
                    outcome.logits(), classes));
        }
        return out;
    }
}
