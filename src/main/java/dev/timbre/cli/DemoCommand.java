package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.dataset.synth.SynthSettings;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.feature.FeatureCache;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.predict.RealAudioBenchmark;
import dev.timbre.workflow.TaggerRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code timbre demo}: the default tagger's recipe at a small scale. Synthesize a corpus (cached) from generated
 * music played on the real recordings in {@code ../shared/real-train} (when present) and on the system's SoundFonts,
 * train the tagger, score it on polyphonic clips rendered with a SoundFont family training never heard, and, when
 * the real-audio dev sets are in {@code ../shared}, on real recordings.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Train the default tagger's recipe at a small scale and score it on synthesized and real audio.",
        description = {"The whole pipeline in one command: synthesize a corpus (cached) from generated music played",
                "on real recorded notes and phrases (../shared/real-train, and any --samples) and on GM SoundFonts,",
                "train the tagger, score it on polyphonic clips rendered with a SoundFont family training never",
                "heard, and on the real-audio dev sets in ../shared when they are there."})
public final class DemoCommand implements Callable<Integer> {

    /** Where the project's reference data is, relative to the working directory. */
    static final Path SHARED = Path.of("..", "shared");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Replace the model bundle a previous demo left in --out.")
    boolean force;

    @Option(names = "--corpus", description = "Where the synthesized corpus is kept (default: cache dir/demo-corpus-…).")
    Path corpus;

    @Option(names = "--seed", defaultValue = "1", description = "Corpus and training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-per-class", defaultValue = "200", description = "Training clips per instrument (default: ${DEFAULT-VALUE}).")
    int trainPerClass;

    @Option(names = "--test-clips", defaultValue = "100", description = "Polyphonic test clips (default: ${DEFAULT-VALUE}).")
    int testClips;

    @Option(names = "--epochs", defaultValue = "25", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "6",
            description = "Stop after this many epochs without a lower validation loss (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--samples", paramLabel = "DIR|TSV",
            description = "More real recordings to play (repeatable; see timbre synth --samples). ../shared/real-train "
                    + "is used when it is there.")
    List<Path> samples = new ArrayList<>();

    @Option(names = "--cache", description = "Cache directory (default: $TIMBRE_CACHE or ~/.cache/timbre).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        ModelBundle.requireReplaceable(out, force);
        long start = System.nanoTime();
        Path cacheRoot = cacheDir == null ? FeatureCache.defaultDir() : cacheDir;
        List<Path> recordings = new ArrayList<>();
        Path realTrain = SHARED.resolve("real-train");
        if (Files.isDirectory(realTrain)) {
            recordings.add(realTrain);
        } else {
            w.printf("No real recordings at %s: the tagger learns from SoundFonts only and will do poorly on real "
                    + "music (see README, \"Training data\").%n", realTrain);
        }
        recordings.addAll(samples);
        SynthSettings synth = TaggerRecipe.corpus(seed, trainPerClass, testClips, recordings,
                Runtime.getRuntime().availableProcessors());
        // The fingerprint covers the settings, SoundFonts and recordings, so a change renders a new corpus.
        Path data = corpus != null ? corpus : cacheRoot.resolve("demo-corpus-" + seed + "-" + trainPerClass + "-"
                + testClips + "-" + CorpusSynthesizer.fingerprint(synth));

        w.printf("1/4 Synthesizing the demo corpus in %s%n", data);
        w.flush();
        CorpusSynthesizer.Result corpusResult;
        try (Progress bar = Progress.bar("synth", trainPerClass * 11L + testClips, "clips")) {
            corpusResult = CorpusSynthesizer.synthesize(synth, data, (d, t) -> bar.stepTo(d));
        }
        boolean heldOut = corpusResult.heldOut();
        String testBanks = String.join(", ", corpusResult.testBanks());
        w.printf("    %s; recordings %s; training banks %s, testing %s %s%n",
                corpusResult.alreadyComplete() ? "reused the cached corpus"
                        : String.format("rendered in %.0f s", corpusResult.seconds()),
                recordings.isEmpty() ? "none" : recordings.stream().map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(", ")),
                String.join(", ", corpusResult.trainBanks()),
                corpusResult.testBanks().size() == 1 ? "bank" : "banks", testBanks);
        if (!heldOut) {
            w.println(corpusResult.trainBanks().equals(corpusResult.testBanks())
                    ? "    Only one SoundFont was found, so the test clips use the same timbres as training and the"
                    : "    All SoundFonts found share samples, so the test clips' timbres are partly heard in training and the");
            w.println("    score overstates generalisation. Install more GM banks, e.g. on Debian/Ubuntu:");
            w.println("    sudo apt-get install fluid-soundfont-gm timgm6mb-soundfont musescore-general-soundfont-lossless csound-soundfont");
        }

        w.printf("2/4 Training %s -> %s%n", TaggerRecipe.model().describe(), out);
        w.flush();
        ModelBundle bundle = TrainCommand.run(TaggerRecipe.model(), TaggerRecipe.features(),
                TaggerRecipe.training(seed, epochs, patience), data, out, false,
                new FeatureCache(cacheRoot.resolve("features")), "timbre demo --seed " + seed + " --train-per-class "
                        + trainPerClass + " --epochs " + epochs, true, w);

        w.printf("3/4 Evaluating on %d polyphonic test clips (%s)%n", testClips,
                heldOut ? testBanks + ", sharing no sample with training" : "timbres heard in training");
        w.flush();
        var outcome = EvaluateCommand.evaluate(bundle, data, WindowPolicy.COVER,
                EvaluateCommand.rulesFor("bundle", bundle));
        EvaluationReport report = outcome.report();
        w.println("Thresholds chosen on validation mixtures:");
        EvaluateCommand.write(report, out.resolve(RunDirectory.RESULTS), out.resolve(RunDirectory.RESULTS_CSV), w);
        EvaluateCommand.writeLogits(outcome.logits(), out.resolve(RunDirectory.WINDOW_LOGITS));
        EvaluateCommand.recordInBundle(out, report);

        Path irmas = SHARED.resolve("irmas-sample");
        Path dev = SHARED.resolve("real-dev");
        if (Files.isDirectory(irmas) && Files.isDirectory(dev)) {
            w.printf("4/4 Scoring on real recordings (%s, %s and mixes of its recordings)%n", irmas, dev);
            w.flush();
            var real = RealAudioBenchmark.run(ModelBundle.read(out),
                    new RealAudioBenchmark.Settings(irmas, dev, 200, 6, 1), (set, done) -> { });
            BenchRealCommand.print(real, w);
            ModelBundle.addMetrics(out, BenchRealCommand.metrics(real));
        } else {
            w.printf("4/4 No real-audio dev sets at %s and %s: skipped the measurement on real recordings.%n", irmas,
                    dev);
        }
        w.printf("Model bundle: %s; try: ./timbre predict --model %s --timeline %s%n", out, out,
                data.resolve("IRMAS-TestingData-Part1"));
        w.printf("Demo finished in %.0f s.%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
