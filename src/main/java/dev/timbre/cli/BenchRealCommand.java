package dev.timbre.cli;

import dev.timbre.bundle.RunDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.ClipOutcomes;
import dev.timbre.workflow.RealAudioBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code timbre bench real}: a model's scores on the real-audio dev sets and on mixes of their recordings. */
@Command(name = "real", mixinStandardHelpOptions = true,
        header = "Score a model on the real-audio dev sets and on mixes of their recordings.",
        description = {"Score a model on real recordings: the clips of an IRMAS-format root (balanced top-1 over "
                + "its single-instrument clips), a folder of labelled recordings (the same), and mixes of 2-3 of "
                + "those recordings of different instruments at levels within 3 dB (micro-F1 with the model's "
                + "default rule). Defaults are the dev sets in ../shared; never train or tune on them."})
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

    @Option(names = "--seed", defaultValue = "1", description = "Decides the mixes and the resamples (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resamples", defaultValue = "" + ClipOutcomes.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples behind each figure's 95%% interval: balanced top-1 resampled within "
                    + "each class, micro-F1 over the mixes (default: ${DEFAULT-VALUE}; 0 = no intervals).")
    int resamples;

    @Option(names = "--against", paramLabel = "MODEL", description = "Also score this model bundle ('bundled': the "
            + "model in the jar) on the same clips and print the lead of --model over it, with paired intervals.")
    String against;

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
        RealAudioFigures.Resampling rs = new RealAudioFigures.Resampling(resamples, seed);
        ModelBundle bundle = DefaultModel.bundle(model);
        boolean againstBundled = "bundled".equals(against) && !Files.exists(Path.of(against));
        ModelBundle other = against == null ? null : DefaultModel.bundle(againstBundled ? null : Path.of(against));
        RealAudioBenchmark.Result r = measure(bundle);
        out.printf("Model: %s (%s)%n", bundle.manifest().name(), bundle.manifest().model().describe());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", bundle.manifest().name());
        figures.putAll(RealAudioFigures.print(r, rs, out));
        if (rs.on()) {
            figures.put("intervals", rs.describe());
        }
        if (other != null) {
            RealAudioBenchmark.Result o = measure(other);
            out.printf("Against: %s (%s)%n", other.manifest().name(), other.manifest().model().describe());
            Map<String, Object> theirs = new LinkedHashMap<>();
            theirs.put("model", other.manifest().name());
            theirs.put("bundle", other.location());
            theirs.putAll(RealAudioFigures.print(o, rs, out));
            theirs.put("lead", RealAudioFigures.lead(r, o, model == null ? "the bundled model" : model.toString(),
                    againstBundled ? "the bundled model" : against, rs, out));
            figures.put("against", theirs);
        }
        if (record) {
            RealAudioBenchmark.record(model, r);
            out.printf("Recorded in %s%n", model.resolve(RunDirectory.MANIFEST));
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(figures));
        }
        out.flush();
        return 0;
    }

    private RealAudioBenchmark.Result measure(ModelBundle bundle) throws IOException {
        Progress[] bar = new Progress[1];
        String[] current = new String[1];
        try {
            return RealAudioBenchmark.run(bundle, new RealAudioBenchmark.Settings(irmas, recordings, mixes,
                    mixSeconds, seed), TimbreCli.device(spec), (set, done) -> {
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
    }
}
