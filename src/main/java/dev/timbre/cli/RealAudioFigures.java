package dev.timbre.cli;

import dev.timbre.eval.EvaluationReport;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.workflow.RealAudioBenchmark;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of a real-audio measurement, a line or two per set, and the same figures for JSON. */
final class RealAudioFigures {

    private RealAudioFigures() {
    }

    /** Prints each set's figures and returns them by set. */
    static Map<String, Object> print(RealAudioBenchmark.Result r, PrintWriter out) {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (r.irmas() != null) {
            figures.put("irmas", single("IRMAS clips", r.irmas(), out));
        }
        if (r.recordings() != null) {
            figures.put("recordings", single("recordings", r.recordings(), out));
        }
        if (r.mixes() != null) {
            figures.put("mixes", mixes(r.mixes(), out));
        }
        for (EvaluationReport e : new EvaluationReport[]{r.irmas(), r.recordings(), r.mixes()}) {
            if (e != null) {
                e.failures().forEach(f -> out.println("not scored: " + f));
            }
        }
        out.flush();
        return figures;
    }

    private static Map<String, Object> single(String title, EvaluationReport e, PrintWriter out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", e.data());
        m.put("clips", e.clips());
        SingleLabelMetrics.Scores s = e.singleLabel() == null ? null : e.singleLabel().scores();
        if (s == null) {
            out.printf("%s (%s): %d clips, none with one instrument%n", title, e.data(), e.clips());
            return m;
        }
        out.printf(Locale.ROOT, "%s (%s): %d clips with one instrument: balanced top-1 %.3f, top-1 %.3f, "
                + "hit rate %.3f (%s)%n", title, e.data(), s.clips(), s.balancedTop1(), s.top1(), s.hitRate(),
                e.singleLabel().rule());
        StringBuilder per = new StringBuilder("  top-1 per class:");
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (SingleLabelMetrics.ClassRow c : s.perClass()) {
            per.append(String.format(Locale.ROOT, " %s %.2f (%d)", c.code(), c.top1(), c.clips()));
            perClass.put(c.code(), Map.of("clips", c.clips(), "top1", c.top1(), "hitRate", c.hitRate()));
        }
        out.println(per);
        m.put("singleLabelClips", s.clips());
        m.put("balancedTop1", s.balancedTop1());
        m.put("top1", s.top1());
        m.put("hitRate", s.hitRate());
        m.put("perClass", perClass);
        return m;
    }

    private static Map<String, Object> mixes(EvaluationReport e, PrintWriter out) {
        EvaluationReport.RuleResult first = e.rules().values().iterator().next();
        out.printf(Locale.ROOT, "%s: micro-F1 %.3f (P %.3f, R %.3f), macro-F1 %.3f with %s; k best of each mix, "
                        + "k known: micro-F1 %.3f; LRAP %.3f%n", e.data(), first.micro().f1(),
                first.micro().precision(), first.micro().recall(), first.macro().f1(), first.rule(),
                e.knownCount().microF1(), e.lrap());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", e.data());
        m.put("clips", e.clips());
        m.put("rule", first.rule());
        m.put("microF1", first.micro().f1());
        m.put("microPrecision", first.micro().precision());
        m.put("microRecall", first.micro().recall());
        m.put("macroF1", first.macro().f1());
        m.put("knownCountMicroF1", e.knownCount().microF1());
        m.put("lrap", e.lrap());
        return m;
    }
}
