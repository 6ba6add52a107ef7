package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.Rules;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.predict.Windowing;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.predict.TestSetEvaluation;
import dev.timbre.report.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code timbre evaluate}: the study's scores of a model bundle on IRMAS-format testing clips. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a model bundle on labelled audio: IRMAS testing clips or folders of labelled recordings.",
        description = {"Score a model bundle on labelled audio: the testing clips of an IRMAS-format root, or a",
                "folder whose audio files sit in folders named by instrument code (DIR/**/cel/*.flac) or have an",
                "IRMAS-style .txt of codes beside them. Prints majority, S1 and S2 micro/macro precision, recall",
                "and F1 over all clips, and top-1, hit rate, balanced top-1 and a confusion matrix over the clips",
                "with one instrument."})
public final class EvaluateCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model bundle (run directory).")
    Path model;

    @Option(names = "--data", required = true,
            description = "IRMAS-format root with testing parts, or a folder of labelled recordings.")
    Path data;

    @Option(names = "--windowing", defaultValue = "cover",
            description = "cover (whole clip, default) or study (the study's cutter, which drops the tail).")
    String windowing;

    @Option(names = "--rules", defaultValue = "bundle",
            description = "Decision rules with thresholds: 'bundle' (the rules stored in the bundle, thresholds "
                    + "chosen on validation data; default), 'study' (majority, s1:0.1, s2:0.4) or a list such as "
                    + "majority,s1:0.15,s2:0.3 (s1-sum:θ is the study's summing variant).")
    String rules;

    @Option(names = "--out", description = "results.json path (default: MODEL/results.json).")
    Path out;

    @Option(names = "--csv", description = "Results CSV to append a row to (default: results.csv beside results.json).")
    Path csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        ModelBundle bundle = ModelBundle.read(model);
        List<DecisionRule> ruleList = rulesFor(rules, bundle);
        TestSetEvaluation.Outcome outcome = evaluate(bundle, data, WindowPolicy.parse(windowing), ruleList);
        EvaluationReport report = outcome.report();
        Path json = out == null ? model.resolve(RunDirectory.RESULTS) : out;
        write(report, json, csv == null ? json.toAbsolutePath().resolveSibling(RunDirectory.RESULTS_CSV) : csv, w);
        writeLogits(outcome.logits(), json.toAbsolutePath().resolveSibling(RunDirectory.WINDOW_LOGITS));
        recordInBundle(model, report);
        return report.failures().isEmpty() ? 0 : 2;
    }

    static List<DecisionRule> rulesFor(String option, ModelBundle bundle) {
        return switch (option.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "bundle" -> Rules.parseList(String.join(",", bundle.manifest().rules()));
            case "study" -> Rules.study();
            default -> Rules.parseList(option);
        };
    }

    /** Keeps the test scores in the bundle's model.json (test.<rule family>.<micro|macro>.<metric>). */
    static void recordInBundle(Path bundleDir, EvaluationReport report) throws Exception {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        report.rules().forEach((family, r) -> {
            m.put("test." + family + ".threshold", r.threshold());
            m.put("test." + family + ".micro.f1", r.micro().f1());
            m.put("test." + family + ".macro.f1", r.macro().f1());
            m.put("test." + family + ".micro.precision", r.micro().precision());
            m.put("test." + family + ".micro.recall", r.micro().recall());
        });
        m.put("test.lrap", report.lrap());
        m.put("test.known_count.micro.f1", report.knownCount().microF1());
        m.put("test.clips", (double) report.clips());
        if (report.singleLabel() != null) {
            m.put("test.single_label.top1", report.singleLabel().scores().top1());
            m.put("test.single_label.balanced_top1", report.singleLabel().scores().balancedTop1());
            m.put("test.single_label.hit_rate", report.singleLabel().scores().hitRate());
        }
        ModelBundle.addMetrics(bundleDir, m);
    }

    static TestSetEvaluation.Outcome evaluate(ModelBundle bundle, Path data, WindowPolicy policy,
                                              List<DecisionRule> rules) throws Exception {
        Windowing windowing = Windowing.of(bundle.manifest().windowing()).withPolicy(policy);
        int total = TestSetEvaluation.labelled(data).size();
        try (Progress bar = Progress.bar("evaluate", total, "clips")) {
            return TestSetEvaluation.run(bundle, data, windowing, rules, bar::stepTo);
        }
    }

    /** The window logits behind the scores, so thresholds can be studied without running the model again. */
    static void writeLogits(dev.timbre.eval.ClipLogits logits, Path file) throws Exception {
        Files.writeString(file, ModelBundle.toJson(logits));
    }

    static void write(EvaluationReport report, Path json, Path csv, PrintWriter w) throws Exception {
        ResultsTable.print(report, w);
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, ModelBundle.toJson(report));
        ResultsTable.appendCsv(csv, report);
        w.printf("Results: %s (row appended to %s)%n", json, csv);
        w.flush();
    }
}
