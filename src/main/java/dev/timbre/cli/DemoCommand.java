package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.eval.ClipOutcomes;
import dev.timbre.feature.FeatureCache;
import dev.timbre.report.ResultsTable;
import dev.timbre.workflow.Demo;
import dev.timbre.workflow.Evaluation;
import dev.timbre.workflow.TaggerRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code timbre demo}: the default tagger's recipe at a small scale. Synthesize a corpus (cached) from generated
 * music played on the real recordings in {@code ../shared/real-train} (when present) and on the system's SoundFonts,
 * train the tagger, score it on polyphonic clips rendered with a SoundFont family training never heard, and, when
 * the real-audio dev sets are in {@code ../shared}, on real recordings.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Train the default tagger's recipe at a small scale and score it on synthesized and real audio.",
        description = {"The whole pipeline in one command: synthesize a corpus (cached) from generated music played "
                + "on real recorded notes and phrases (../shared/real-train, and any --samples) and on GM SoundFonts, "
                + "train the tagger, score it on polyphonic clips rendered with a SoundFont family training never "
                + "heard, and on the real-audio dev sets in ../shared when they are there."})
public final class DemoCommand implements Callable<Integer> {

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

    @Option(names = "--epochs", defaultValue = "100",
            description = "Epochs: the cosine schedule's length (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", description = "Stop after this many epochs without a lower validation loss "
            + "(default: the whole run, since the schedule's last, small steps are its point).")
    Integer patience;

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
        Demo demo = new Demo(new Demo.Settings(out, corpus, seed, trainPerClass, testClips, epochs,
                patience == null ? epochs : patience, samples,
                cacheDir == null ? FeatureCache.defaultDir() : cacheDir, TimbreCli.device(spec)));
        if (!demo.hasRealTrain()) {
            w.printf("No real recordings at %s: the tagger learns from SoundFonts only and will do poorly on real "
                    + "music (see README, \"Training data\").%n", Demo.realTrain());
        }
        if (samples.isEmpty()) {
            w.println("More recorded notes to learn from: bench/samples/fetch-tonejs.sh DIR (npm's tonejs-instrument "
                    + "packages, MIT), then --samples DIR.");
        }
        Path data = demo.data();

        w.printf("1/4 Synthesizing the demo corpus in %s%n", data);
        w.flush();
        CorpusSynthesizer.Result corpusResult;
        try (Progress bar = Progress.bar("synth", demo.corpusClips(), "clips")) {
            corpusResult = demo.synthesize(bar.synthesis());
        }
        boolean heldOut = corpusResult.heldOut();
        String testBanks = String.join(", ", corpusResult.testBanks());
        List<Path> recordings = demo.recordings();
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
        ModelBundle bundle;
        try (TrainingProgress progress = new TrainingProgress(w)) {
            bundle = demo.train(progress);
        }

        w.printf("3/4 Evaluating on %d polyphonic test clips (%s)%n", testClips,
                heldOut ? testBanks + ", sharing no sample with training" : "timbres heard in training");
        w.flush();
        Evaluation.Outcome outcome = demo.evaluate(bundle, new EvaluationProgress());
        w.println("Thresholds chosen on validation mixtures:");
        ResultsTable.print(outcome.report(), w);
        ResultsTable.printIntervals(outcome.logits(), Evaluation.bundleRules(bundle).get(0), w);
        EvaluationProgress.printRecorded(demo.resultsJson(), demo.resultsCsv(), w);

        if (demo.hasRealDevSets()) {
            w.printf("4/4 Scoring on real recordings (%s, %s and mixes of its recordings)%n", Demo.realIrmas(),
                    Demo.realDev());
            w.flush();
            RealAudioFigures.print(demo.measureOnRealAudio(), new RealAudioFigures.Resampling(
                    ClipOutcomes.DEFAULT_RESAMPLES, 1), w);
        } else {
            w.printf("4/4 No real-audio dev sets at %s and %s: skipped the measurement on real recordings.%n",
                    Demo.realIrmas(), Demo.realDev());
        }
        w.printf("Model bundle: %s; try: ./timbre predict --model %s --timeline %s%n", out, out,
                data.resolve("IRMAS-TestingData-Part1"));
        w.printf("Demo finished in %.0f s.%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
