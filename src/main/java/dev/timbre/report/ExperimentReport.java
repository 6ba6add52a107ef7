package dev.timbre.report;

import dev.timbre.bundle.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.dataset.Instrument;
import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.ClipOutcomes;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.MultiLabelMetrics;
import dev.timbre.eval.ThresholdSweep;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code EXP_DIR/report/}: the study's tables and charts for the runs of an experiment, the threshold study, and
 * the illustrations of one clip, as a self-contained {@code index.html} (charts inlined) and {@code report.md}
 * (charts beside it in {@code charts/}). Reads only what {@code timbre experiment} left on disk.
 */
public final class ExperimentReport {

    /** Han, Kim and Lee (2016) on IRMAS, as published. */
    public static final double HAN_MICRO_F1 = 0.602;
    public static final double HAN_MACRO_F1 = 0.503;
    private static final List<String> FAMILIES = List.of("majority", "s1", "s2");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was written. */
    public record Result(Path html, Path markdown, List<Path> charts, int runs) {
    }

    /** One complete run as the experiment left it. */
    record RunData(String name, JsonNode model, JsonNode chosen, JsonNode study, JsonNode perClass,
                   List<double[]> epochs, JsonNode thresholds, dev.timbre.eval.ClipLogits logits, Path dir) {

        String factor(String which) {
            JsonNode m = model.path("model");
            return switch (which) {
                case "architecture" -> m.path("architecture").asText().toLowerCase(Locale.ROOT);
                case "channels" -> m.path("inputChannels").asInt() == 2 ? "stereo" : "mono";
                case "activation" -> m.path("nonlinearity").asText().equals("RELU") ? "ReLU" : "leaky ReLU";
                case "hidden" -> "n=" + m.path("baseChannels").asInt();
                case "zcr" -> model.path("features").path("zcrRow").asBoolean() ? "ZCR" : "mel only";
                default -> throw new IllegalArgumentException(which);
            };
        }

        double score(JsonNode results, String family, String avg, String metric) {
            return results.path("rules").path(family).path(avg).path(metric).asDouble(Double.NaN);
        }

        /**
         * Each test clip's outcome under S2 with its validation-chosen threshold, from the stored window logits, or
         * {@code null} when the run kept none.
         */
        ClipOutcomes outcomes() {
            String rule = chosen.path("rules").path("s2").path("rule").asText("");
            return logits == null || rule.isEmpty() ? null
                    : ClipEvaluation.outcomes(logits, DecisionRule.parse(rule));
        }

        /** The test clips' known-count micro-F1 ({@code knownCount} in results.json); NaN for older runs. */
        double knownCount() {
            JsonNode v = chosen.path("knownCount").path("microF1");
            return v.isNumber() ? v.asDouble() : Double.NaN;
        }
    }

    private final List<Path> charts = new ArrayList<>();
    private final StringBuilder html = new StringBuilder();
    private final StringBuilder md = new StringBuilder();
    private final Path out;

    private ExperimentReport(Path out) {
        this.out = out;
    }

    /**
     * @param expDir  an experiment directory
     * @param example a clip for the illustrations ({@code null}: the first testing clip of the experiment's runs)
     */
    public static Result write(Path expDir, AudioClip example, String exampleName) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<RunData> runs = load(expDir);
        if (runs.isEmpty()) {
            throw new IOException(expDir + ": no complete run (run timbre experiment first)");
        }
        Path out = expDir.resolve("report");
        Files.createDirectories(out.resolve("charts"));
        ExperimentReport r = new ExperimentReport(out);
        r.build(expDir, runs, example, exampleName);
        Path index = out.resolve("index.html");
        Path markdown = out.resolve("report.md");
        Files.writeString(index, r.page(expDir), StandardCharsets.UTF_8);
        Files.writeString(markdown, r.md.toString(), StandardCharsets.UTF_8);
        return new Result(index, markdown, List.copyOf(r.charts), runs.size());
    }

    static List<RunData> load(Path expDir) throws IOException {
        Path log = expDir.resolve("experiment.json");
        if (!Files.exists(log)) {
            throw new IOException(expDir + ": not an experiment directory (no experiment.json)");
        }
        List<RunData> runs = new ArrayList<>();
        for (JsonNode e : JSON.readTree(log.toFile()).path("runs")) {
            Path dir = expDir.resolve("runs").resolve(e.path("name").asText());
            if (!e.path("state").asText().equals("complete") || !Files.exists(dir.resolve(RunDirectory.RESULTS))) {
                continue;
            }
            List<double[]> epochs = new ArrayList<>();
            Path csv = dir.resolve(RunDirectory.EPOCHS);
            if (Files.exists(csv)) {
                for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
                    String[] f = line.split(",");
                    epochs.add(new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                            Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                }
            }
            Path thresholds = dir.resolve(RunDirectory.THRESHOLDS);
            Path logits = dir.resolve(RunDirectory.WINDOW_LOGITS);
            Path perClass = dir.resolve(RunDirectory.PER_CLASS_RESULTS);
            runs.add(new RunData(e.path("name").asText(), JSON.readTree(dir.resolve(RunDirectory.MANIFEST).toFile()),
                    JSON.readTree(dir.resolve(RunDirectory.RESULTS).toFile()),
                    JSON.readTree(dir.resolve(RunDirectory.STUDY_RESULTS).toFile()),
                    Files.exists(perClass) ? JSON.readTree(perClass.toFile()) : null, epochs,
                    Files.exists(thresholds) ? JSON.readTree(thresholds.toFile()) : null,
                    Files.exists(logits) ? JSON.readValue(logits.toFile(), dev.timbre.eval.ClipLogits.class) : null,
                    dir));
        }
        return runs;
    }

    private void build(Path expDir, List<RunData> runs, AudioClip example, String exampleName) throws IOException {
        List<String> names = runs.stream().map(RunData::name).toList();
        RunData best = runs.stream().max(java.util.Comparator.comparingDouble(
                r -> r.score(r.chosen(), "s2", "micro", "f1"))).orElseThrow();

        section("Results", "Each run's test scores with the thresholds chosen on validation mixtures (the bundle's "
                + "rules) and, in the rows marked @study, with the study's fixed thresholds (majority ⌊k/3⌋, "
                + "S1 θ1 = 0.1, S2 θ2 = 0.4) on the same window logits. Thresholds are never chosen on test data; "
                + "published IRMAS work has done so, which flatters its scores.");
        for (String metric : List.of("f1", "precision", "recall")) {
            table(metric.toUpperCase(Locale.ROOT).replace("PRECISION", "Precision").replace("RECALL", "Recall"),
                    runs, metric);
        }
        intervals(runs);

        Map<String, List<Double>> all = new LinkedHashMap<>();
        all.put("micro-F1 (S2, validation θ)", scores(runs, r -> r.score(r.chosen(), "s2", "micro", "f1")));
        all.put("macro-F1 (S2, validation θ)", scores(runs, r -> r.score(r.chosen(), "s2", "macro", "f1")));
        all.put("micro-F1 (S2, θ2 = 0.4)", scores(runs, r -> r.score(r.study(), "s2", "micro", "f1")));
        // Runs evaluated before the known-count reference existed lack it; the series is shown only when all have it.
        boolean knownCounts = runs.stream().noneMatch(r -> Double.isNaN(r.knownCount()));
        String caption = "All runs";
        if (knownCounts) {
            all.put("micro-F1, k known", scores(runs, RunData::knownCount));
            caption += ". \"k known\" is the micro-F1 of reporting each clip's k best classes, k being its true "
                    + "number of instruments: a rule far below it loses to its threshold, a rule at it is limited by "
                    + "the model's ranking.";
        }
        chart("all-models", caption, ReportCharts.bars("All runs: F1 on the test clips", "F1", names, all, 1.0));

        section("The study's comparisons", "Pairs of runs that differ in one option only; micro-F1 of S2 with "
                + "validation-chosen thresholds.");
        for (String factor : List.of("channels", "activation", "hidden", "zcr", "architecture")) {
            comparison(runs, factor);
        }

        Map<String, List<Double>> han = new LinkedHashMap<>();
        List<String> cats = List.of("micro-F1", "macro-F1");
        han.put("Han et al. (2016), published, IRMAS", List.of(HAN_MICRO_F1, HAN_MACRO_F1));
        runs.stream().filter(r -> r.factor("architecture").equals("han2016")).findFirst().ifPresent(h ->
                han.put("our han2016 (" + h.name() + ")", List.of(h.score(h.chosen(), "s2", "micro", "f1"),
                        h.score(h.chosen(), "s2", "macro", "f1"))));
        han.put("best run (" + best.name() + ")", List.of(best.score(best.chosen(), "s2", "micro", "f1"),
                best.score(best.chosen(), "s2", "macro", "f1")));
        chart("han2016", "Comparison with Han et al. (2016). Their figures are on real IRMAS; ours on this "
                        + "experiment's data, so only the runs are comparable with each other.",
                ReportCharts.bars("Comparison with Han et al. (2016)", "F1", cats, han, 1.0));

        thresholdStudy(best);
        thresholdChoices(runs);

        Map<String, List<Double>> perClass = new LinkedHashMap<>();
        List<String> codes = Instrument.ALL.stream().map(Instrument::code).toList();
        for (RunData r : runs.size() > 8 ? List.of(best) : runs) {
            List<Double> f = new ArrayList<>();
            for (JsonNode c : r.chosen().path("rules").path("s2").path("perClass")) {
                f.add(c.path("f1").asDouble());
            }
            perClass.put(r.name(), f);
        }
        section("Per class", "F1 per instrument, S2 with validation-chosen thresholds.");
        chart("per-class", "Per-class F1", ReportCharts.bars("F1 per instrument (S2)", "F1", codes, perClass, 1.0));

        double[][] conf = new double[codes.size()][codes.size()];
        JsonNode cm = best.chosen().path("confusion");
        for (int t = 0; t < codes.size(); t++) {
            for (int p = 0; p < codes.size(); p++) {
                conf[p][codes.size() - 1 - t] = cm.path(codes.get(t)).path(codes.get(p)).asDouble();
            }
        }
        List<String> reversed = new ArrayList<>(codes);
        java.util.Collections.reverse(reversed);
        chart("confusion", "Which instrument is mistaken for which (" + best.name() + "): row = a true label, "
                        + "column = a label the model reported for that clip (S2).",
                ReportCharts.heatMap("Confusion, " + best.name() + " (true ↓, reported →)", "reported", "true",
                        codes, reversed, conf, true));

        section("Training", "Validation loss and validation micro-F1 (threshold 0.5) per epoch.");
        Map<String, double[][]> loss = new LinkedHashMap<>();
        Map<String, double[][]> vf1 = new LinkedHashMap<>();
        for (RunData r : runs) {
            if (r.epochs().isEmpty()) {
                continue;
            }
            double[] x = r.epochs().stream().mapToDouble(e -> e[0]).toArray();
            loss.put(r.name(), new double[][]{x, r.epochs().stream().mapToDouble(e -> e[2]).toArray()});
            vf1.put(r.name(), new double[][]{x, r.epochs().stream().mapToDouble(e -> e[3]).toArray()});
        }
        if (!loss.isEmpty()) {
            chart("training-loss", "Validation loss per epoch",
                    ReportCharts.lines("Validation loss", "epoch", "BCE", loss, 0.0, null, true));
            chart("training-f1", "Validation micro-F1 per epoch",
                    ReportCharts.lines("Validation micro-F1 (θ = 0.5)", "epoch", "F1", vf1, 0.0, 1.0, true));
        }

        if (example != null) {
            section("One clip, as the features see it", "The study's illustrations for " + exampleName
                    + ", computed by timbre's feature code.");
            for (Map.Entry<String, Chart<?, ?>> e : ClipIllustrations.of(example, exampleName).entrySet()) {
                chart("clip-" + e.getKey(), e.getKey().replace('-', ' '), e.getValue());
            }
        }
    }

    private void thresholdStudy(RunData best) throws IOException {
        section("The threshold study", "How F1 depends on each rule's threshold for " + best.name()
                + ": on the validation mixtures (where timbre chooses) and on the test clips (shown, never used "
                + "to choose). The study fixed θ1 = 0.1 and θ2 = 0.4 and left this as future work.");
        Map<String, double[][]> curves = new LinkedHashMap<>();
        if (best.thresholds() != null) {
            best.thresholds().path("sweeps").fields().forEachRemaining(e -> {
                List<double[]> pts = new ArrayList<>();
                e.getValue().path("points").forEach(p -> pts.add(new double[]{p.path("threshold").asDouble(),
                        p.path("f1").asDouble()}));
                curves.put(e.getKey().toUpperCase(Locale.ROOT) + " validation", xy(pts));
            });
        }
        if (best.logits() != null) {
            dev.timbre.eval.ClipLogits l = best.logits();
            List<DecisionRule> rules = new java.util.ArrayList<>(dev.timbre.eval.Rules.tunable());
            rules.add(dev.timbre.eval.MajorityVote.third());
            for (DecisionRule rule : rules) {
                double[] grid = rule.family().equals("majority") ? ThresholdSweep.grid(0.05, 1.0, 0.05)
                        : ThresholdSweep.grid(0.02, 0.98, 0.02);
                ThresholdSweep.Result sweep = ThresholdSweep.sweep(rule, grid, l.logits(), l.truth());
                List<double[]> pts = sweep.points().stream().map(p -> new double[]{p.threshold(), p.f1()}).toList();
                curves.put(rule.family().toUpperCase(Locale.ROOT) + " test", xy(pts));
            }
            chart("thresholds", "Micro-F1 against the threshold (majority: the share of windows that must vote "
                            + "for a class)",
                    ReportCharts.lines("Micro-F1 vs threshold, " + best.name(), "threshold", "micro-F1", curves,
                            0.0, 1.0, false));
            for (String spec : List.of("s2:0.4", "s1:0.1", "majority")) {
                precisionRecall(best.name(), DecisionRule.parse(spec), l);
            }
        }
    }

    /**
     * Precision–recall per class on the test clips as one rule's threshold moves (S1/S2: θ from 0.02 to 0.98;
     * majority: the share of windows from 0.05 to 1). The S2 chart keeps the name {@code precision-recall}.
     */
    private void precisionRecall(String run, DecisionRule base, dev.timbre.eval.ClipLogits l) throws IOException {
        boolean majority = base.family().equals("majority");
        double[] grid = majority ? ThresholdSweep.grid(0.05, 1.0, 0.05) : ThresholdSweep.grid(0.02, 0.98, 0.02);
        List<String> codes = Instrument.ALL.stream().map(Instrument::code).toList();
        double[][] precision = new double[codes.size()][grid.length];
        double[][] recall = new double[codes.size()][grid.length];
        for (int g = 0; g < grid.length; g++) {
            DecisionRule rule = base.withThreshold(grid[g]);
            boolean[][] predicted = new boolean[l.truth().length][];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = rule.decide(l.logits().get(i)).selected();
            }
            List<MultiLabelMetrics.ClassScores> perClass =
                    MultiLabelMetrics.score(l.truth(), predicted, codes).perClass();
            for (int c = 0; c < codes.size(); c++) {
                recall[c][g] = perClass.get(c).recall();
                // A class never reported has no precision; the curve's convention puts it at 1, where it starts.
                precision[c][g] = reportedAny(predicted, c) ? perClass.get(c).precision() : 1;
            }
        }
        Map<String, double[][]> pr = new LinkedHashMap<>();
        for (int c = 0; c < codes.size(); c++) {
            pr.put(codes.get(c), new double[][]{recall[c], precision[c]});
        }
        String family = base.family().toUpperCase(Locale.ROOT);
        String name = base.family().equals("s2") ? "precision-recall" : "precision-recall-" + base.family();
        String sweep = majority ? "the share of windows from 0.05 to 1" : "θ from 0.02 to 0.98";
        chart(name, "Precision–recall per class on the test clips (" + family + ", " + sweep + ")",
                ReportCharts.lines("Precision–recall per class (" + family + "), " + run, "recall", "precision",
                        pr, 0.0, 1.05, false));
    }

    private static boolean reportedAny(boolean[][] predicted, int c) {
        for (boolean[] clip : predicted) {
            if (clip[c]) {
                return true;
            }
        }
        return false;
    }

    /** Test scores of S1 and S2 under three ways of choosing thresholds, per run. */
    private void thresholdChoices(List<RunData> runs) {
        List<String> head = List.of("run", "rule", "study's fixed θ", "validation, one θ", "validation, θ per class");
        List<List<String>> rows = new ArrayList<>();
        for (RunData r : runs) {
            for (String fam : List.of("s1", "s2")) {
                List<String> row = new ArrayList<>(List.of(r.name(), fam.toUpperCase(Locale.ROOT)));
                row.add(microMacro(r.study().path("rules").path(fam)));
                row.add(microMacro(r.chosen().path("rules").path(fam)));
                row.add(r.perClass() == null || !r.perClass().has(fam) ? "–" : microMacro(r.perClass().path(fam)));
                rows.add(row);
            }
        }
        text("Test micro-F1 / macro-F1 by how the thresholds were chosen. Per-class thresholds are chosen on the "
                + "same validation mixtures as the global one, each maximising that instrument's F1.");
        rawTable(head, rows);
    }

    private static String microMacro(JsonNode rule) {
        return String.format(Locale.ROOT, "%.3f / %.3f", rule.path("micro").path("f1").asDouble(Double.NaN),
                rule.path("macro").path("f1").asDouble(Double.NaN));
    }

    private void text(String t) {
        html.append("<p>").append(esc(t)).append("</p>\n");
        md.append(t).append("\n\n");
    }

    private void rawTable(List<String> head, List<List<String>> rows) {
        html.append("<table><tr>");
        head.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(esc(c)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        md.append("| ").append(String.join(" | ", head)).append(" |\n|").append(" --- |".repeat(head.size()))
                .append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
    }

    private static double[][] xy(List<double[]> pts) {
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }

    /** One chart per factor: groups of runs equal in every other factor, one bar per level of this one. */
    private void comparison(List<RunData> runs, String factor) throws IOException {
        List<String> others = new ArrayList<>(List.of("architecture", "channels", "activation", "hidden", "zcr"));
        others.remove(factor);
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        Map<String, Map<String, RunData>> groupRuns = new LinkedHashMap<>();
        List<String> levels = new ArrayList<>();
        for (RunData r : runs) {
            if (factor.equals("architecture") ? false : r.factor("architecture").equals("han2016")) {
                continue;
            }
            String key = String.join(" ", others.stream().map(r::factor).toList());
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.factor(factor),
                    r.score(r.chosen(), "s2", "micro", "f1"));
            groupRuns.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.factor(factor), r);
            if (!levels.contains(r.factor(factor))) {
                levels.add(r.factor(factor));
            }
        }
        groups.values().removeIf(m -> m.size() < 2);
        if (groups.isEmpty()) {
            return;
        }
        // Within each group, every level against the group's first.
        List<RunData[]> pairs = new ArrayList<>();
        for (String key : groups.keySet()) {
            List<RunData> inGroup = new ArrayList<>(groupRuns.get(key).values());
            for (RunData r : inGroup.subList(1, inGroup.size())) {
                pairs.add(new RunData[]{inGroup.get(0), r});
            }
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String level : levels) {
            series.put(level, groups.values().stream().map(m -> m.get(level)).toList());
        }
        chart("compare-" + factor, factor + ": runs alike in everything else",
                ReportCharts.bars(factor.substring(0, 1).toUpperCase(Locale.ROOT) + factor.substring(1)
                        + ": micro-F1 (S2)", "micro-F1", new ArrayList<>(groups.keySet()), series, 1.0));
        leads(factor, pairs);
    }

    /** Each run's S2 micro-F1 with its bootstrap interval over the test clips. */
    private void intervals(List<RunData> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (RunData r : runs) {
            ClipOutcomes o = r.outcomes();
            ClipOutcomes.Interval ci = o == null ? null : o.microF1Interval(ClipOutcomes.DEFAULT_RESAMPLES, 1);
            rows.add(List.of(r.name(), String.format(Locale.ROOT, "%.3f", r.score(r.chosen(), "s2", "micro", "f1")),
                    ci == null ? "–" : String.format(Locale.ROOT, "%.3f–%.3f", ci.low(), ci.high())));
        }
        html.append("<h3>How far the test figures move</h3>\n");
        md.append("### How far the test figures move\n\n");
        String text = "S2 micro-F1 (validation θ) with its 95% bootstrap interval: the test clips resampled "
                + ClipOutcomes.DEFAULT_RESAMPLES + " times, so the interval shows how far the figure would move on another test set of "
                + "as many clips of the same kind. Two runs whose intervals overlap may still differ: the study's "
                + "comparisons below give the paired interval of each difference.";
        html.append("<p>").append(esc(text)).append("</p>\n");
        md.append(text).append("\n\n");
        rawTable(List.of("run", "micro-F1", "95% interval"), rows);
    }

    /**
     * The lead of each level of {@code factor} over the first, run pair by run pair, with its paired interval: both
     * runs scored on the same resamples of the test clips.
     */
    private void leads(String factor, List<RunData[]> pairs) {
        List<List<String>> rows = new ArrayList<>();
        for (RunData[] p : pairs) {
            ClipOutcomes a = p[1].outcomes();
            ClipOutcomes b = p[0].outcomes();
            double lead = p[1].score(p[1].chosen(), "s2", "micro", "f1") - p[0].score(p[0].chosen(), "s2", "micro",
                    "f1");
            ClipOutcomes.Interval ci = a == null || b == null || !a.files().equals(b.files()) ? null
                    : a.microF1Lead(b, ClipOutcomes.DEFAULT_RESAMPLES, 1);
            rows.add(List.of(p[1].name() + " (" + p[1].factor(factor) + ")", p[0].name() + " (" + p[0].factor(factor)
                    + ")", String.format(Locale.ROOT, "%+.3f", lead),
                    ci == null ? "–" : String.format(Locale.ROOT, "%+.3f to %+.3f", ci.low(), ci.high())));
        }
        if (!rows.isEmpty()) {
            rawTable(List.of("run", "against", "lead in micro-F1", "95% paired interval"), rows);
        }
    }

    private static List<Double> scores(List<RunData> runs, Function<RunData, Double> f) {
        return runs.stream().map(f).toList();
    }

    private void table(String title, List<RunData> runs, String metric) {
        List<String> head = new ArrayList<>(List.of("run", "θ majority", "θ1 (S1)", "θ2 (S2)"));
        for (String fam : FAMILIES) {
            head.add(fam + " macro");
            head.add(fam + " micro");
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunData r : runs) {
            for (JsonNode res : List.of(r.chosen(), r.study())) {
                List<String> row = new ArrayList<>();
                row.add(res.path("model").asText());
                for (String fam : FAMILIES) {
                    row.add(String.format(Locale.ROOT, "%.3f", res.path("rules").path(fam).path("threshold")
                            .asDouble()));
                }
                for (String fam : FAMILIES) {
                    for (String avg : List.of("macro", "micro")) {
                        row.add(String.format(Locale.ROOT, "%.3f", r.score(res, fam, avg, metric)));
                    }
                }
                rows.add(row);
            }
        }
        html.append("<h3>").append(esc(title)).append("</h3>\n");
        md.append("### ").append(title).append("\n\n");
        rawTable(head, rows);
    }

    private void section(String title, String text) {
        html.append("<h2>").append(esc(title)).append("</h2>\n<p>").append(esc(text)).append("</p>\n");
        md.append("## ").append(title).append("\n\n").append(text).append("\n\n");
    }

    private void chart(String stem, String caption, Chart<?, ?> chart) throws IOException {
        byte[] png = ReportCharts.png(chart);
        Path file = out.resolve("charts").resolve(stem + ".png");
        Files.write(file, png);
        charts.add(file);
        html.append("<figure><img alt=\"").append(esc(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(caption))
                .append("</figcaption></figure>\n");
        md.append("![").append(caption.replace("]", ")")).append("](charts/").append(stem).append(".png)\n\n");
    }

    private String page(Path expDir) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>timbre report: "
                + esc(expDir.toAbsolutePath().getFileName().toString()) + "</title>\n<style>"
                + "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;font-size:13px;margin-bottom:1em}"
                + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child"
                + "{text-align:left}figure{margin:1em 0}img{max-width:100%;border:1px solid #eee}"
                + "figcaption{font-size:13px;color:#555}</style></head><body>\n<h1>timbre experiment report</h1>\n"
                + "<p>Experiment: " + esc(expDir.toAbsolutePath().toString()) + "</p>\n" + html + "</body></html>\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
