package dev.timbre.cli;

import dev.timbre.eval.ClipOutcomes;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.workflow.RealAudioBenchmark;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a real-audio measurement, a line or two per set, and the same figures for JSON; with resamples,
 * each headline figure with its bootstrap interval ({@link ClipOutcomes}), and the paired lead of one model over
 * another.
 */
final class RealAudioFigures {

    /** A class with fewer clips than this gets a line saying how much one of them weighs. */
    static final int FEW_CLIPS = 5;

    private RealAudioFigures() {
    }

    /**
     * How the intervals are drawn.
     *
     * @param resamples resamples per interval; 0 prints none
     * @param seed      decides the resamples
     */
    record Resampling(int resamples, long seed) {

        Resampling {
            if (resamples != 0 && resamples < 100) {
                throw new IllegalArgumentException("--resamples must be 0 (no intervals) or at least 100, got "
                        + resamples);
            }
        }

        boolean on() {
            return resamples > 0;
        }

        Map<String, Object> describe() {
            return Map.of("level", ClipOutcomes.LEVEL, "resamples", resamples, "seed", seed);
        }
    }

    /** Prints each set's figures and returns them by set. */
    static Map<String, Object> print(RealAudioBenchmark.Result r, Resampling rs, PrintWriter out) {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (r.irmas() != null) {
            figures.put("irmas", single("IRMAS clips", r.irmas(), r.clips().get("irmas"), rs, out));
        }
        if (r.recordings() != null) {
            figures.put("recordings", single("recordings", r.recordings(), r.clips().get("recordings"), rs, out));
        }
        if (r.mixes() != null) {
            figures.put("mixes", mixes(r.mixes(), r.clips().get("mixes"), rs, out));
        }
        for (EvaluationReport e : new EvaluationReport[]{r.irmas(), r.recordings(), r.mixes()}) {
            if (e != null) {
                e.failures().forEach(f -> out.println("not scored: " + f));
            }
        }
        out.flush();
        return figures;
    }

    private static Map<String, Object> single(String title, EvaluationReport e, ClipOutcomes clips, Resampling rs,
                                              PrintWriter out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", e.data());
        m.put("clips", e.clips());
        SingleLabelMetrics.Scores s = e.singleLabel() == null ? null : e.singleLabel().scores();
        if (s == null) {
            out.printf("%s (%s): %d clips, none with one instrument%n", title, e.data(), e.clips());
            return m;
        }
        ClipOutcomes.Interval ci = rs.on() ? clips.balancedTop1Interval(rs.resamples(), rs.seed()) : null;
        out.printf(Locale.ROOT, "%s (%s): %d clips with one instrument: balanced top-1 %.3f%s, top-1 %.3f, "
                + "hit rate %.3f (%s)%n", title, e.data(), s.clips(), s.balancedTop1(), within(ci), s.top1(),
                s.hitRate(), e.singleLabel().rule());
        StringBuilder per = new StringBuilder("  top-1 per class:");
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (SingleLabelMetrics.ClassRow c : s.perClass()) {
            per.append(String.format(Locale.ROOT, " %s %.2f (%d)", c.code(), c.top1(), c.clips()));
            perClass.put(c.code(), Map.of("clips", c.clips(), "top1", c.top1(), "hitRate", c.hitRate()));
        }
        out.println(per);
        for (SingleLabelMetrics.ClassRow c : s.perClass()) {
            if (c.clips() < FEW_CLIPS) {
                out.printf(Locale.ROOT, "  %s has %s moves balanced top-1 by %.3f%s%n", c.code(),
                        c.clips() == 1 ? "1 clip: it" : c.clips() + " clips: each",
                        1.0 / (s.perClass().size() * c.clips()),
                        ci == null ? "" : ", and the interval, resampled within each class, leaves that out");
            }
        }
        m.put("singleLabelClips", s.clips());
        m.put("balancedTop1", s.balancedTop1());
        if (ci != null) {
            m.put("balancedTop1Interval", List.of(ci.low(), ci.high()));
        }
        m.put("top1", s.top1());
        m.put("hitRate", s.hitRate());
        m.put("perClass", perClass);
        return m;
    }

    private static Map<String, Object> mixes(EvaluationReport e, ClipOutcomes clips, Resampling rs,
                                             PrintWriter out) {
        EvaluationReport.RuleResult first = e.rules().values().iterator().next();
        ClipOutcomes.Interval ci = rs.on() ? clips.microF1Interval(rs.resamples(), rs.seed()) : null;
        out.printf(Locale.ROOT, "%s: micro-F1 %.3f (%sP %.3f, R %.3f), macro-F1 %.3f with %s; k best of each mix, "
                        + "k known: micro-F1 %.3f; LRAP %.3f%n", e.data(), first.micro().f1(),
                ci == null ? "" : interval(ci) + "; ",
                first.micro().precision(), first.micro().recall(), first.macro().f1(), first.rule(),
                e.knownCount().microF1(), e.lrap());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", e.data());
        m.put("clips", e.clips());
        m.put("rule", first.rule());
        m.put("microF1", first.micro().f1());
        if (ci != null) {
            m.put("microF1Interval", List.of(ci.low(), ci.high()));
        }
        m.put("microPrecision", first.micro().precision());
        m.put("microRecall", first.micro().recall());
        m.put("macroF1", first.macro().f1());
        m.put("knownCountMicroF1", e.knownCount().microF1());
        m.put("lrap", e.lrap());
        return m;
    }

    /**
     * Prints and returns the lead of the model measured in {@code r} over the one measured in {@code other}, set by
     * set on the same clips: the difference of the headline figure and its paired interval.
     */
    static Map<String, Object> lead(RealAudioBenchmark.Result r, RealAudioBenchmark.Result other, String name,
                                    String otherName, Resampling rs, PrintWriter out) {
        out.printf(Locale.ROOT, "Lead of %s over %s on the same clips%s:%n", name, otherName, rs.on()
                ? String.format(Locale.ROOT, " (paired bootstrap, %.0f%% interval of %d resamples)",
                100 * ClipOutcomes.LEVEL, rs.resamples()) : "");
        Map<String, Object> leads = new LinkedHashMap<>();
        for (String set : new String[]{"irmas", "recordings", "mixes"}) {
            ClipOutcomes a = r.clips().get(set);
            ClipOutcomes b = other.clips().get(set);
            if (a == null || b == null) {
                continue;
            }
            boolean mixes = set.equals("mixes");
            if (!mixes && Double.isNaN(a.balancedTop1())) {
                continue;
            }
            String figure = mixes ? "microF1" : "balancedTop1";
            double d = mixes ? a.microF1() - b.microF1() : a.balancedTop1() - b.balancedTop1();
            ClipOutcomes.Interval ci = !rs.on() ? null : mixes ? a.microF1Lead(b, rs.resamples(), rs.seed())
                    : a.balancedTop1Lead(b, rs.resamples(), rs.seed());
            out.printf(Locale.ROOT, "  %-11s %-15s %+.3f%s%n", set, mixes ? "micro-F1" : "balanced top-1", d,
                    ci == null ? "" : String.format(Locale.ROOT, " (%+.3f to %+.3f)", ci.low(), ci.high()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(figure, d);
            if (ci != null) {
                m.put(figure + "Interval", List.of(ci.low(), ci.high()));
            }
            leads.put(set, m);
        }
        out.flush();
        return leads;
    }

    private static String within(ClipOutcomes.Interval ci) {
        return ci == null ? "" : " (" + interval(ci) + ")";
    }

    private static String interval(ClipOutcomes.Interval ci) {
        return String.format(Locale.ROOT, "%.0f%% interval %.3f-%.3f", 100 * ClipOutcomes.LEVEL, ci.low(),
                ci.high());
    }
}
