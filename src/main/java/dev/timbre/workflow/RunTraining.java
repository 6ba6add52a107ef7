package dev.timbre.workflow;

import ai.djl.ndarray.types.Shape;
import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.Versions;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.dataset.Split;
import dev.timbre.dataset.TrainingClip;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.ThresholdSweep;
import dev.timbre.eval.ValidationThresholds;
import dev.timbre.predict.WindowScorer;
import dev.timbre.predict.Windowing;
import dev.timbre.train.ValidationMixtures;
import dev.timbre.io.Json;
import dev.timbre.feature.FeatureCache;
import dev.timbre.feature.FeatureMap;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.Augmenter;
import dev.timbre.train.CachedExamples;
import dev.timbre.train.Mixer;
import dev.timbre.train.ModelTrainer;
import dev.timbre.train.TrainListener;
import dev.timbre.train.TrainSettings;
import dev.timbre.train.TrainingOutcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Trains a model on an IRMAS-format root and leaves a complete bundle in the run directory: features through
 * the cache, a grouped train/validation split, {@link ModelTrainer}, thresholds chosen on validation mixtures,
 * then {@code model.json} with the provenance and the weights' checksum, written last and atomically. The run
 * directory is a bundle only from that moment: a process killed at any earlier point leaves no {@code model.json}
 * (training removes an older one before it changes the weights), so no command takes a half-made model for a
 * finished one, and {@code --resume} completes it.
 */
public final class RunTraining {

    /** Observes the stages (the CLI draws progress bars). */
    public interface Listener extends TrainListener {
        /** Training of {@code spec} on {@code data} into {@code runDir} begins. */
        default void onStart(ModelSpec spec, Path data, Path runDir) {
        }

        /** The bundle is complete. */
        default void onTrained(ModelBundle bundle) {
        }

        default void onFeatures(int done, int total) {
        }

        default void onFeaturesStart(int total) {
        }

        default void onSkipped(String message) {
        }

        /** Training is over and thresholds are being chosen on {@code mixtures} validation mixtures. */
        default void onThresholds(int mixtures) {
        }
    }

    /**
     * @param data      IRMAS-format root with a training folder
     * @param spec      the network
     * @param features  feature settings (must produce the network's input)
     * @param settings  training settings
     * @param rules     clip-level rules to store; the first is the default
     * @param cache     feature cache
     * @param runDir    where the bundle goes
     * @param resume    continue an interrupted run in {@code runDir}
     * @param command   the command line, for provenance
     * @param chooseThresholds pick S1/S2 thresholds on validation mixtures (else keep {@code rules} as given)
     * @param device    where the network trains and scores the validation mixtures
     */
    public static ModelBundle train(Path data, ModelSpec spec, FeatureSettings features, TrainSettings settings,
                                    List<DecisionRule> rules, FeatureCache cache, Path runDir, boolean resume,
                                    String command, boolean chooseThresholds, ComputeDevice device,
                                    Listener listener) throws IOException, InterruptedException {
        listener.onStart(spec, data, runDir);
        ModelBundle bundle = trainBundle(data, spec, features, settings, rules, cache, runDir, resume, command,
                chooseThresholds, device, listener);
        listener.onTrained(bundle);
        return bundle;
    }

    private static ModelBundle trainBundle(Path data, ModelSpec spec, FeatureSettings features,
                                           TrainSettings settings, List<DecisionRule> rules, FeatureCache cache,
                                           Path runDir, boolean resume, String command, boolean chooseThresholds,
                                           ComputeDevice device, Listener listener) throws IOException, InterruptedException {
        spec.requireInputOf(features);
        if (spec.members() != 1) {
            throw new IllegalArgumentException("an ensemble is not trained as one: train its members, then "
                    + "timbre ensemble");
        }
        IrmasDataset ds = IrmasDataset.open(data);
        if (ds.training().isEmpty()) {
            throw new IOException(data + ": no training clips (" + IrmasDataset.TRAINING_DIR + "/<code>/*.wav)");
        }
        Split split = Split.grouped(ds.training(), settings.validationFraction(),
                settings.validationSplitSeed());
        if (split.validation().isEmpty()) {
            throw new IOException(data + ": too few recordings to hold out a validation set");
        }
        FeaturePipeline pipeline = new FeaturePipeline(features, cache);
        List<TrainingClip> all = new ArrayList<>(split.train());
        all.addAll(split.validation());
        listener.onFeaturesStart(all.size());
        List<String> failures = new ArrayList<>();
        List<FeatureMap> maps = pipeline.clips(all.stream().map(TrainingClip::file).toList(),
                Runtime.getRuntime().availableProcessors(), (IntConsumer) d -> listener.onFeatures(d, all.size()),
                failures);
        failures.forEach(listener::onSkipped);
        CachedExamples train = examples(split.train(), maps.subList(0, split.train().size()));
        CachedExamples val = examples(split.validation(), maps.subList(split.train().size(), maps.size()));

        // From here on the weights change: the directory stops being a bundle until model.json is written again.
        RunDirectory run = new RunDirectory(runDir);
        Files.createDirectories(runDir);
        Files.deleteIfExists(run.manifest());
        Files.deleteIfExists(run.thresholds());

        long[] shape = features.mapShape();
        Mixer mixer = new Mixer(features);
        Augmenter augmenter = new Augmenter(features, settings);
        ModelTrainer trainer = new ModelTrainer(spec::memberBlock, new Shape(shape), mixer, augmenter, Instrument.COUNT,
                settings, device);
        TrainingOutcome outcome = trainer.train(train, val, run.trainerFiles(), resume, listener);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation.loss", outcome.best().valLoss());
        metrics.put("validation.micro_f1_at_0.5", outcome.best().valMicroF1());
        Map<String, Object> corpus = corpusDescription(data);
        BundleManifest.TrainingProvenance provenance = new BundleManifest.TrainingProvenance(
                data.toAbsolutePath().toString(), corpus, train.size(), val.size(), settings.seed(), settings,
                outcome.epochs().size(), outcome.bestEpoch(), outcome.stoppedEarly(), command);
        BundleManifest trained = manifest(runDir, spec, features, rules, rules.get(0), provenance, metrics);
        if (!chooseThresholds) {
            return ModelBundle.seal(runDir, trained);
        }
        List<DecisionRule> chosen = chooseThresholds(runDir, trained, val, mixer, settings.validationSplitSeed(),
                rules, metrics, device, listener);
        return ModelBundle.seal(runDir, manifest(runDir, spec, features, chosen, chosen.get(0), provenance, metrics));
    }

    /**
     * Chooses the S1 and S2 thresholds of the network that {@code runDir}'s weights and {@code unsealed} make on
     * mixtures of the validation examples {@code val} (never on test data), writes {@code thresholds.json}, puts
     * each rule's threshold and validation micro-F1 into {@code metrics}, and returns the rules to store: S2 first,
     * then S1, then the majority vote when {@code rules} has one. The study's fixed values stay comparable through
     * {@code timbre evaluate --rules}.
     */
    static List<DecisionRule> chooseThresholds(Path runDir, BundleManifest unsealed, CachedExamples val, Mixer mixer,
                                               long seed, List<DecisionRule> rules, Map<String, Double> metrics,
                                               ComputeDevice device, Listener listener) throws IOException {
        int mixtures = Math.max(600, 4 * val.size());
        listener.onThresholds(mixtures);
        ValidationThresholds.Selection selection;
        try (WindowScorer scorer = new WindowScorer(ModelBundle.unsealed(runDir, unsealed), ValidationMixtures.BATCH,
                device)) {
            ValidationMixtures.Scored scored = ValidationMixtures.score(val, mixer, Instrument.COUNT, mixtures,
                    seed, scorer::forward);
            selection = ValidationThresholds.select(scored.logits(), scored.truth());
        }
        // The default rule is S2 with its validation-chosen θ2: the study's best rule, and in timbre's runs on
        // SoundFonts unheard in training it beat S1 at every threshold, while validation (in-distribution, where
        // the network is confident) tends to prefer S1 with a threshold too high for unfamiliar audio.
        List<DecisionRule> chosen = new ArrayList<>();
        selection.sweeps().stream().filter(r -> r.rule().family().equals("s2")).findFirst()
                .ifPresent(r -> chosen.add(r.rule()));
        for (ThresholdSweep.Result r : selection.sweeps()) {
            if (!chosen.contains(r.rule())) {
                chosen.add(r.rule());
            }
            metrics.put("validation_mixtures." + r.rule().family() + ".threshold", r.best().threshold());
            metrics.put("validation_mixtures." + r.rule().family() + ".micro_f1", r.best().f1());
        }
        rules.stream().filter(r -> r.family().equals("majority")).findFirst().ifPresent(chosen::add);
        dev.timbre.io.AtomicFiles.writeDurably(new RunDirectory(runDir).thresholds(),
                out -> out.write(Json.text(thresholdsFile(selection)).getBytes(StandardCharsets.UTF_8)));
        return chosen;
    }

    /** {@code thresholds.json}: per rule family, its chosen spec and its validation curve. */
    private static Map<String, Object> thresholdsFile(ValidationThresholds.Selection selection) {
        Map<String, Object> sweeps = new LinkedHashMap<>();
        for (int i = 0; i < selection.sweeps().size(); i++) {
            ThresholdSweep.Result r = selection.sweeps().get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("chosen", r.rule().spec());
            e.put("best", r.best());
            e.put("points", r.points());
            Map<String, Double> perClass = new LinkedHashMap<>();
            for (Instrument inst : Instrument.ALL) {
                perClass.put(inst.code(), selection.perClass().get(i)[inst.index()]);
            }
            e.put("perClass", perClass);
            sweeps.put(r.rule().family(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", "validation mixtures");
        m.put("mixtures", selection.mixtures());
        m.put("sweeps", sweeps);
        return m;
    }

    static BundleManifest manifest(Path runDir, ModelSpec spec, FeatureSettings features,
                                           List<DecisionRule> rules, DecisionRule defaultRule,
                                           BundleManifest.TrainingProvenance provenance, Map<String, Double> metrics) {
        return new BundleManifest(ModelBundle.FORMAT, runDir.toAbsolutePath().getFileName().toString(),
                Instant.now().toString(), spec, features, Instrument.ALL.stream().map(Instrument::code).toList(),
                Windowing.cover(features.windowFrames()).recorded(),
                rules.stream().map(DecisionRule::spec).toList(), defaultRule.spec(), provenance, Versions.current(),
                Map.copyOf(metrics), null, null);
    }

    static CachedExamples examples(List<TrainingClip> clips, List<FeatureMap> maps) {
        List<FeatureMap> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            if (maps.get(i) != null) {
                kept.add(maps.get(i));
                labels.add(clips.get(i).instrument().index());
            }
        }
        return new CachedExamples(kept, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The synthesizer's manifest when the data was synthesized, else the root's name. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> corpusDescription(Path data) {
        Path synth = data.resolve("synth.json");
        if (Files.isRegularFile(synth)) {
            try {
                return Json.mapper().readValue(synth.toFile(), Map.class);
            } catch (IOException e) {
                return Map.of("note", "synth.json unreadable: " + e.getMessage());
            }
        }
        return Map.of("kind", "IRMAS-format data set");
    }

    private RunTraining() {
    }
}
