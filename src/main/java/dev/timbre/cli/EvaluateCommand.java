package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.eval.DecisionRule;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.workflow.Evaluation;
import dev.timbre.report.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code timbre evaluate}: the study's scores of a model bundle on IRMAS-format testing clips. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a model bundle on labelled audio: IRMAS testing clips or folders of labelled recordings.",
        description = {"Score a model bundle on labelled audio: the testing clips of an IRMAS-format root, or a "
                + "folder whose audio files sit in folders named by instrument code (DIR/**/cel/*.flac) or have an "
                + "IRMAS-style .txt of codes beside them. Prints majority, S1 and S2 micro/macro precision, recall "
                + "and F1 over all clips, and top-1, hit rate, balanced top-1 and a confusion matrix over the clips "
                + "with one instrument."})
public final class EvaluateCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "Model bundle (run directory; default: the model bundled in the jar).")
    Path model;

    @Option(names = "--data", required = true,
            description = "IRMAS-format root with testing parts, or a folder of labelled recordings.")
    Path data;

    @Option(names = "--windowing", defaultValue = "cover", converter = Choices.Windowings.class,
            description = "cover (whole clip, default) or study (the study's cutter, which drops the tail).")
    WindowPolicy windowing;

    @Option(names = "--rules", defaultValue = "bundle",
            description = "Decision rules with thresholds: 'bundle' (the rules stored in the bundle, thresholds "
                    + "chosen on validation data; default), 'study' (majority, s1:0.1, s2:0.4) or a list such as "
                    + "majority,s1:0.15,s2:0.3 (s1-sum:θ is the study's summing variant).")
    String rules;

    @Option(names = "--out", description = "results.json path (default: MODEL/results.json; for the bundled model, "
            + "none is written unless given).")
    Path out;

    @Option(names = "--csv", description = "Results CSV to append a row to (default: results.csv beside results.json).")
    Path csv;

    @Option(names = "--record", description = "Also keep the scores in the bundle's model.json as its test.* "
            + "metrics, which its model card quotes: give it for the data the card is to describe, the test clips "
            + "of the corpus the model was trained on.")
    boolean record;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (record && model == null) {
            throw new IllegalArgumentException("--record needs --model: the bundled model cannot be changed");
        }
        if (csv != null && out == null && model == null) {
            throw new IllegalArgumentException("--csv needs --out or --model: the bundled model has no run directory "
                    + "for results.json");
        }
        ModelBundle bundle = DefaultModel.bundle(model);
        List<DecisionRule> ruleList = Evaluation.rulesFor(rules, bundle);
        Evaluation.Outcome outcome = Evaluation.run(bundle, data, windowing, ruleList,
                TimbreCli.device(spec), new EvaluationProgress());
        ResultsTable.print(outcome.report(), w);
        ResultsTable.printIntervals(outcome.logits(), ruleList.get(0), w);
        Path json = out != null ? out : model != null ? model.resolve(RunDirectory.RESULTS) : null;
        if (json == null) {
            return exitCode(outcome);
        }
        Path csvFile = csv == null ? json.toAbsolutePath().resolveSibling(RunDirectory.RESULTS_CSV) : csv;
        if (record) {
            Evaluation.record(model, outcome, json, csvFile);
        } else {
            Evaluation.writeResults(outcome, json, csvFile);
        }
        EvaluationProgress.printRecorded(json, csvFile, w);
        if (record) {
            w.printf("Test metrics recorded in %s%n", model.resolve(RunDirectory.MANIFEST));
        }
        return exitCode(outcome);
    }

    private static int exitCode(Evaluation.Outcome outcome) {
        return outcome.report().failures().isEmpty() ? 0 : 2;
    }
}
