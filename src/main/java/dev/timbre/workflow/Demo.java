package dev.timbre.workflow;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.dataset.synth.SynthSettings;
import dev.timbre.eval.Rules;
import dev.timbre.feature.FeatureCache;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.train.TrainSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo: the default tagger's recipe ({@link TaggerRecipe}) at a small scale, in four steps. Synthesize a corpus
 * (cached) from generated music played on the real recordings in {@code ../shared/real-train} (when present) and
 * on the system's SoundFonts; train the tagger; score it on polyphonic clips rendered with a SoundFont family
 * training never heard; and, when the real-audio dev sets are in {@code ../shared}, on real recordings.
 */
public final class Demo {

    /** Where the project's reference data is, relative to the working directory. */
    public static final Path SHARED = Path.of("..", "shared");
    /** Mixes of the real dev recordings scored in the last step, their length and seed. */
    private static final int REAL_MIXES = 200;
    private static final double REAL_MIX_SECONDS = 6;
    private static final long REAL_MIX_SEED = 1;

    /**
     * @param out           the run directory (the bundle)
     * @param corpus        where the corpus is kept, or {@code null} for the cache's folder for these settings
     * @param seed          corpus and training seed
     * @param trainPerClass training clips per instrument
     * @param testClips     polyphonic test clips
     * @param epochs        epochs: the cosine schedule's length
     * @param patience      epochs without a lower validation loss before stopping
     * @param samples       more real recordings to play
     * @param cacheRoot     the cache directory
     * @param device        where the network trains and runs
     */
    public record Settings(Path out, Path corpus, long seed, int trainPerClass, int testClips, int epochs,
                           int patience, List<Path> samples, Path cacheRoot, ComputeDevice device) {
    }

    private final Settings settings;
    private final List<Path> recordings = new ArrayList<>();
    private final SynthSettings synth;
    private final TrainSettings training;
    private final Path data;

    /** Plans the demo: which recordings it plays, the corpus settings and where the corpus is kept. */
    public Demo(Settings settings) throws IOException {
        this.settings = settings;
        if (Files.isDirectory(realTrain())) {
            recordings.add(realTrain());
        }
        recordings.addAll(settings.samples());
        this.synth = TaggerRecipe.corpus(settings.seed(), settings.trainPerClass(), settings.testClips(), recordings,
                Runtime.getRuntime().availableProcessors());
        // Built here so that a bad --epochs or --patience is refused before minutes of synthesis.
        this.training = TaggerRecipe.training(settings.seed(), settings.epochs(), settings.patience());
        // The fingerprint covers the settings, SoundFonts and recordings, so a change renders a new corpus.
        this.data = settings.corpus() != null ? settings.corpus() : settings.cacheRoot().resolve("demo-corpus-"
                + settings.seed() + "-" + settings.trainPerClass() + "-" + settings.testClips() + "-"
                + CorpusSynthesizer.fingerprint(synth));
    }

    /** The project's real training recordings, played when they are there. */
    public static Path realTrain() {
        return SHARED.resolve("real-train");
    }

    /** Whether the real training recordings are there. */
    public boolean hasRealTrain() {
        return Files.isDirectory(realTrain());
    }

    /** The folders of real recordings the corpus plays. */
    public List<Path> recordings() {
        return List.copyOf(recordings);
    }

    /** Where the corpus is. */
    public Path data() {
        return data;
    }

    /** Clips the corpus holds, training and test. */
    public long corpusClips() {
        return settings.trainPerClass() * 11L + settings.testClips();
    }

    /** Step 1: synthesizes the corpus, or finds it complete. */
    public CorpusSynthesizer.Result synthesize(CorpusSynthesizer.Progress progress) throws IOException {
        return CorpusSynthesizer.synthesize(synth, data, progress);
    }

    /** Step 2: trains the tagger into the run directory. */
    public ModelBundle train(RunTraining.Listener listener) throws IOException, InterruptedException {
        return RunTraining.train(data, TaggerRecipe.model(), TaggerRecipe.features(),
                training, Rules.newBundle(), new FeatureCache(settings.cacheRoot().resolve("features")),
                settings.out(), false, "timbre demo --seed " + settings.seed() + " --train-per-class "
                        + settings.trainPerClass() + " --epochs " + settings.epochs() + " --patience "
                        + settings.patience(), true, settings.device(), listener);
    }

    /** Step 3: scores the bundle on the corpus's test clips with its own rules, and records the results. */
    public Evaluation.Outcome evaluate(ModelBundle bundle, Evaluation.Progress progress) throws IOException {
        Evaluation.Outcome outcome = Evaluation.run(bundle, data, WindowPolicy.COVER, Evaluation.bundleRules(bundle),
                settings.device(), progress);
        Evaluation.record(settings.out(), outcome, resultsJson(), resultsCsv());
        return outcome;
    }

    public Path resultsJson() {
        return settings.out().resolve(RunDirectory.RESULTS);
    }

    public Path resultsCsv() {
        return settings.out().resolve(RunDirectory.RESULTS_CSV);
    }

    /** The real-audio dev sets: an IRMAS-format root of real clips. */
    public static Path realIrmas() {
        return SHARED.resolve("irmas-sample");
    }

    /** The real-audio dev sets: a folder of labelled recordings. */
    public static Path realDev() {
        return SHARED.resolve("real-dev");
    }

    /** Whether step 4 can run. */
    public boolean hasRealDevSets() {
        return Files.isDirectory(realIrmas()) && Files.isDirectory(realDev());
    }

    /** Step 4: scores the bundle on the real-audio dev sets and keeps the figures in it. */
    public RealAudioBenchmark.Result measureOnRealAudio() throws IOException {
        RealAudioBenchmark.Result real = RealAudioBenchmark.run(ModelBundle.read(settings.out()),
                new RealAudioBenchmark.Settings(realIrmas(), realDev(), REAL_MIXES, REAL_MIX_SECONDS, REAL_MIX_SEED),
                settings.device(), (set, done) -> { });
        RealAudioBenchmark.record(settings.out(), real);
        return real;
    }
}
