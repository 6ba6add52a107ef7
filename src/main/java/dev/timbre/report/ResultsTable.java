package dev.timbre.report;

import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.ClipLogits;
import dev.timbre.eval.ClipOutcomes;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.MultiLabelMetrics;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.eval.EvaluationReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The study's results as a terminal table and as rows of a results CSV with the study's columns. */
public final class ResultsTable {

    /** The study's rule order. */
    public static final List<String> RULES = List.of("majority", "s1", "s2");

    private ResultsTable() {
    }

    public static void print(EvaluationReport r, PrintWriter out) {
        out.printf("%s on %d clips of %s (windowing %s)%n", r.model(), r.clips(), r.data(), r.windowing());
        out.printf("%-16s %9s %9s %9s %9s %9s %9s%n", "rule", "micro-P", "micro-R", "micro-F1", "macro-P", "macro-R",
                "macro-F1");
        for (EvaluationReport.RuleResult rr : r.rules().values()) {
            out.printf(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n", rr.rule(), rr.micro().precision(),
                    rr.micro().recall(), rr.micro().f1(), rr.macro().precision(), rr.macro().recall(), rr.macro().f1());
        }
        out.printf(Locale.ROOT, "label-ranking average precision: %.3f%n", r.lrap());
        out.printf(Locale.ROOT, "micro-F1 of each clip's k best classes, k its number of instruments: %.3f%n",
                r.knownCount().microF1());
        EvaluationReport.RuleResult first = r.rules().values().iterator().next();
        StringBuilder head = new StringBuilder(String.format("%-16s", "F1 per class"));
        StringBuilder row = new StringBuilder(String.format("%-16s", first.rule()));
        for (MultiLabelMetrics.ClassScores c : first.perClass()) {
            head.append(String.format("%6s", c.code()));
            row.append(String.format(Locale.ROOT, "%6.2f", c.f1()));
        }
        out.println(head);
        out.println(row);
        if (r.singleLabel() != null) {
            printSingleLabel(r.singleLabel(), out);
        }
        for (String f : r.failures()) {
            out.println("not scored: " + f);
        }
        out.flush();
    }

    /**
     * How far {@code rule}'s micro-F1 and the balanced top-1 of the clips with one instrument would move with other
     * clips of the same kind: their 95% bootstrap intervals ({@link ClipOutcomes}), on one line.
     */
    public static void printIntervals(ClipLogits logits, DecisionRule rule, PrintWriter out) {
        ClipOutcomes clips = ClipEvaluation.outcomes(logits, rule);
        int n = ClipOutcomes.DEFAULT_RESAMPLES;
        ClipOutcomes.Interval f1 = clips.microF1Interval(n, 1);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.0f%% bootstrap intervals (%d "
                + "resamples): micro-F1 with %s %.3f-%.3f", 100 * ClipOutcomes.LEVEL, n, rule.spec(), f1.low(),
                f1.high()));
        if (!Double.isNaN(clips.balancedTop1())) {
            ClipOutcomes.Interval b = clips.balancedTop1Interval(n, 1);
            line.append(String.format(Locale.ROOT, "; balanced top-1 %.3f-%.3f (resampled within each class)",
                    b.low(), b.high()));
        }
        out.println(line);
        out.flush();
    }

    /** Top-1, hit rate, balanced top-1, per class and the confusion of the clips with one instrument. */
    static void printSingleLabel(EvaluationReport.SingleLabel single, PrintWriter out) {
        SingleLabelMetrics.Scores s = single.scores();
        out.printf(Locale.ROOT, "%d clips with one instrument: top-1 %.3f, balanced top-1 %.3f, hit rate %.3f "
                + "(label among the instruments %s reports)%n", s.clips(), s.top1(), s.balancedTop1(), s.hitRate(),
                single.rule());
        out.printf("%-8s %6s %7s %9s%n", "class", "clips", "top-1", "hit rate");
        for (SingleLabelMetrics.ClassRow c : s.perClass()) {
            out.printf(Locale.ROOT, "%-8s %6d %7.3f %9.3f%n", c.code(), c.clips(), c.top1(), c.hitRate());
        }
        out.println("confusion (rows: label, columns: top class)");
        StringBuilder head = new StringBuilder(String.format("%-8s", ""));
        for (String code : s.classes()) {
            head.append(String.format("%5s", code));
        }
        out.println(head);
        for (SingleLabelMetrics.ClassRow c : s.perClass()) {
            int k = s.classes().indexOf(c.code());
            StringBuilder row = new StringBuilder(String.format("%-8s", c.code()));
            for (long n : s.confusion()[k]) {
                row.append(String.format("%5d", n));
            }
            out.println(row);
        }
    }

    /** Header of the study's results table: model, the three thresholds, F1/P/R × rule × macro/micro. */
    public static String csvHeader() {
        List<String> cols = new ArrayList<>(List.of("model", "threshold_majority", "threshold_s1", "threshold_s2"));
        for (String metric : List.of("f1", "precision", "recall")) {
            for (String rule : RULES) {
                for (String avg : List.of("macro", "micro")) {
                    cols.add(metric + "_" + rule + "_" + avg);
                }
            }
        }
        return String.join(",", cols);
    }

    public static String csvRow(EvaluationReport r) {
        List<String> cells = new ArrayList<>();
        cells.add(quote(r.model()));
        for (String rule : RULES) {
            EvaluationReport.RuleResult rr = r.rules().get(rule);
            cells.add(rr == null ? "" : fmt(rr.threshold()));
        }
        for (String metric : List.of("f1", "precision", "recall")) {
            for (String rule : RULES) {
                EvaluationReport.RuleResult rr = r.rules().get(rule);
                for (MultiLabelMetrics.Prf prf : rr == null ? List.<MultiLabelMetrics.Prf>of()
                        : List.of(rr.macro(), rr.micro())) {
                    cells.add(fmt(switch (metric) {
                        case "f1" -> prf.f1();
                        case "precision" -> prf.precision();
                        default -> prf.recall();
                    }));
                }
                if (rr == null) {
                    cells.add("");
                    cells.add("");
                }
            }
        }
        return String.join(",", cells);
    }

    /** Appends a row, writing the header first when the file is new. */
    public static void appendCsv(Path csv, EvaluationReport r) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
        String text = (fresh ? csvHeader() + "\n" : "") + csvRow(r) + "\n";
        Files.writeString(csv, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
