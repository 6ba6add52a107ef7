package dev.timbre.cli;

import dev.timbre.bundle.RunDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.predict.RealAudioBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code timbre bench real}: a model's scores on the real-audio dev sets and on mixes of their recordings. */
@Command(name = "real", mixinStandardHelpOptions = true,
        header = "Score a model on the real-audio dev sets and on mixes of their recordings.",
        description = {"Score a model on real recordings: the clips of an IRMAS-format root (balanced top-1 over",
                "its single-instrument clips), a folder of labelled recordings (the same), and mixes of 2-3 of",
                "those recordings of different instruments at levels within 3 dB (micro-F1 with the model's",
                "default rule). Defaults are the dev sets in ../shared; never train or tune on them."})
public final class BenchRealCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "Model bundle (run directory); default: the bundled model.")
    Path model;

    @Option(names = "--irmas", defaultValue = "../shared/irmas-sample",
            description = "IRMAS-format root of real clips (default: ${DEFAULT-VALUE}).")
    Path irmas;

    @Option(names = "--recordings", defaultValue = "../shared/real-dev",
            description = "Folder of labelled recordings, DIR/**/<code>/*.{wav,flac,ogg,mp3} (default: ${DEFAULT-VALUE}).")
    Path recordings;

    @Option(names = "--mixes", defaultValue = "200", description = "Mixes of the recordings (default: ${DEFAULT-VALUE}; 0 = none).")
    int mixes;

    @Option(names = "--mix-seconds", defaultValue = "6", description = "Length of each mix (default: ${DEFAULT-VALUE}).")
    double mixSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Decides the mixes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "End with one JSON object holding every figure.")
    boolean json;

    @Option(names = "--record", description = "Keep the figures in the bundle's model.json (real.* metrics, shown "
            + "on its model card); needs --model.")
    boolean record;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : new Path[]{irmas, recordings}) {
            if (!Files.isDirectory(p)) {
                throw new IOException(p + ": no such directory (the real-audio dev sets are in ../shared; "
                        + "give --irmas and --recordings)");
            }
        }
        if (record && model == null) {
            throw new IllegalArgumentException("--record needs --model: the bundled model cannot be changed");
        }
        ModelBundle bundle = DefaultModel.bundle(model);
        RealAudioBenchmark.Result r;
        Progress[] bar = new Progress[1];
        String[] current = new String[1];
        try {
            r = RealAudioBenchmark.run(bundle, new RealAudioBenchmark.Settings(irmas, recordings, mixes, mixSeconds,
                    seed), (set, done) -> {
                        if (!set.equals(current[0])) {
                            if (bar[0] != null) {
                                bar[0].close();
                            }
                            current[0] = set;
                            bar[0] = Progress.bar(set, 0, "clips");
                        }
                        bar[0].stepTo(done);
                    });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        out.printf("Model: %s (%s)%n", bundle.manifest().name(), bundle.manifest().model().describe());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", bundle.manifest().name());
        figures.putAll(print(r, out));
        if (record) {
            ModelBundle.addMetrics(model, metrics(r));
            out.printf("Recorded in %s%n", model.resolve(RunDirectory.MANIFEST));
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(figures));
        }
        out.flush();
        return 0;
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

    /** {@code real.<set>.<figure>} for the model card. */
    static Map<String, Double> metrics(RealAudioBenchmark.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (var e : Map.of("irmas", r.irmas(), "recordings", r.recordings()).entrySet()) {
            if (e.getValue() != null && e.getValue().singleLabel() != null) {
                SingleLabelMetrics.Scores s = e.getValue().singleLabel().scores();
                m.put("real." + e.getKey() + ".balanced_top1", s.balancedTop1());
                m.put("real." + e.getKey() + ".top1", s.top1());
                m.put("real." + e.getKey() + ".hit_rate", s.hitRate());
            }
        }
        if (r.mixes() != null) {
            EvaluationReport.RuleResult first = r.mixes().rules().values().iterator().next();
            m.put("real.mixes.micro_f1", first.micro().f1());
            m.put("real.mixes.known_count_micro_f1", r.mixes().knownCount().microF1());
        }
        return m;
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
