package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.dataset.synth.SynthSettings;
import dev.timbre.eval.Rules;
import dev.timbre.eval.WindowPolicy;
import dev.timbre.feature.FeatureCache;
import dev.timbre.predict.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code timbre demo}: synthesize a small IRMAS-format corpus (cached), train the study's Model 1 on it,
 * evaluate it on polyphonic clips rendered with a SoundFont the training never heard, and say where things are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Synthesize a small corpus, train Model 1 on it and score it on clips from a SoundFont it never heard.",
        description = {"The whole pipeline in one command: synthesize a small IRMAS-format corpus (cached),",
                "train the study's Model 1 (mono, n=16) and score it on polyphonic clips rendered with a",
                "SoundFont that training never heard."})
public final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--corpus", description = "Where the synthesized corpus is kept (default: cache dir/demo-corpus-SEED).")
    Path corpus;

    @Option(names = "--seed", defaultValue = "1", description = "Corpus and training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-per-class", defaultValue = "100", description = "Training clips per instrument (default: ${DEFAULT-VALUE}).")
    int trainPerClass;

    @Option(names = "--test-clips", defaultValue = "100", description = "Polyphonic test clips (default: ${DEFAULT-VALUE}).")
    int testClips;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--cache", description = "Cache directory (default: $TIMBRE_CACHE or ~/.cache/timbre).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        long start = System.nanoTime();
        Path cacheRoot = cacheDir == null ? FeatureCache.defaultDir() : cacheDir;
        SynthSettings synth = SynthSettings.of(seed, trainPerClass, testClips);
        // The fingerprint covers the SoundFonts found, so installing a bank later renders a new corpus.
        Path data = corpus != null ? corpus : cacheRoot.resolve("demo-corpus-" + seed + "-" + trainPerClass + "-"
                + testClips + "-" + CorpusSynthesizer.fingerprint(synth));

        w.printf("1/3 Synthesizing the demo corpus in %s%n", data);
        w.flush();
        CorpusSynthesizer.Result corpusResult;
        try (Progress bar = Progress.bar("synth", trainPerClass * 11L + testClips, "clips")) {
            corpusResult = CorpusSynthesizer.synthesize(synth, data, (d, t) -> bar.stepTo(d));
        }
        boolean heldOut = corpusResult.heldOut();
        String testBanks = String.join(", ", corpusResult.testBanks());
        w.printf("    %s; training banks %s, testing %s %s%n",
                corpusResult.alreadyComplete() ? "reused the cached corpus"
                        : String.format("rendered in %.0f s", corpusResult.seconds()),
                String.join(", ", corpusResult.trainBanks()),
                corpusResult.testBanks().size() == 1 ? "bank" : "banks", testBanks);
        if (!heldOut) {
            w.println(corpusResult.trainBanks().equals(corpusResult.testBanks())
                    ? "    Only one SoundFont was found, so the test clips use the same timbres as training and the"
                    : "    All SoundFonts found share samples, so the test clips' timbres are partly heard in training and the");
            w.println("    score overstates generalisation. Install more GM banks, e.g. on Debian/Ubuntu:");
            w.println("    sudo apt-get install fluid-soundfont-gm timgm6mb-soundfont musescore-general-soundfont-lossless csound-soundfont");
        }

        w.printf("2/3 Training Model 1 (cnn, mono, n=16) -> %s%n", out);
        w.flush();
        ModelOptions model = new ModelOptions();
        model.hidden = 16;
        TrainOptions training = new TrainOptions();
        training.epochs = epochs;
        training.patience = 6;
        training.seed = seed;
        // Augmentation that measured best for unseen-SoundFont test clips (README).
        training.eqDb = 10;
        training.timeShift = true;
        ModelBundle bundle = TrainCommand.run(model, training.settings(), data, out, false,
                new FeatureCache(cacheRoot.resolve("features")), "timbre demo --seed " + seed, true, w);

        w.printf("3/3 Evaluating on %d polyphonic test clips (%s)%n", testClips,
                heldOut ? testBanks + ", sharing no sample with training" : "timbres heard in training");
        w.flush();
        var outcome = EvaluateCommand.evaluate(bundle, data, WindowPolicy.COVER,
                EvaluateCommand.rulesFor("bundle", bundle));
        EvaluationReport report = outcome.report();
        w.println("Thresholds chosen on validation mixtures:");
        EvaluateCommand.write(report, out.resolve("results.json"), out.resolve("results.csv"), w);
        EvaluateCommand.writeLogits(outcome.logits(), out.resolve("window-logits.json"));
        EvaluateCommand.recordInBundle(out, report);
        EvaluationReport study = dev.timbre.predict.TestSetEvaluation.rescore(outcome,
                EvaluateCommand.rulesFor("study", bundle));
        w.println("The study's fixed thresholds, same window logits:");
        dev.timbre.report.ResultsTable.print(study, w);
        double best = report.rules().values().stream().mapToDouble(r -> r.micro().f1()).max().orElse(0);
        w.printf("Best micro-F1 %.3f. Model bundle: %s; try: ./timbre predict --model %s --timeline %s%n", best, out,
                out, data.resolve("IRMAS-TestingData-Part1"));
        w.printf("Demo finished in %.0f s.%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    static List<String> rules() {
        return List.of("majority", "s1:0.1", "s2:0.4");
    }
}
