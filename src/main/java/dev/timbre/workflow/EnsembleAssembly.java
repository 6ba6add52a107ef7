package dev.timbre.workflow;

import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.Versions;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.dataset.Split;
import dev.timbre.dataset.TrainingClip;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.Rules;
import dev.timbre.feature.FeatureCache;
import dev.timbre.feature.FeatureMap;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.io.AtomicFiles;
import dev.timbre.model.ComputeDevice;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.CachedExamples;
import dev.timbre.train.Mixer;
import dev.timbre.train.TrainSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes one bundle of several trained runs ({@code timbre ensemble}): their networks averaged ({@link
 * dev.timbre.model.Ensemble}), optionally each window scored over band shifts as well, with S1/S2 thresholds chosen
 * again for the combination on the validation recordings the runs held out. The runs must share the network, the
 * features, the training data and the validation split ({@code --split-seed}), so that no member has trained on a
 * recording the thresholds are chosen on. One run alone is allowed: it adds the band shifts to a trained model.
 */
public final class EnsembleAssembly {

    private EnsembleAssembly() {
    }

    /**
     * @param runs          the trained runs, in the order their weights are stored
     * @param data          the IRMAS-format root they were trained on, where it lies now; {@code null}: the path the
     *                      first run recorded
     * @param testBandShift band shifts of up to this many bands averaged in inference (0: none)
     * @param cache         feature cache for the validation recordings
     * @param out           the new bundle's directory
     * @param replace       replace a bundle already in {@code out}
     * @param command       the command line, for provenance
     */
    public static ModelBundle assemble(List<Path> runs, Path data, int testBandShift, FeatureCache cache, Path out,
                                       boolean replace, String command, ComputeDevice device,
                                       RunTraining.Listener listener) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to combine");
        }
        List<ModelBundle> members = new ArrayList<>();
        for (Path run : runs) {
            members.add(ModelBundle.read(run));
        }
        BundleManifest first = requireCompatible(runs, members);
        for (Path run : runs) {
            if (sameRun(run, out)) {
                throw new IllegalArgumentException(out + ": is one of the runs; choose another --out");
            }
        }
        ModelBundle.requireReplaceable(out, replace);

        BundleManifest.TrainingProvenance training = first.training();
        TrainSettings settings = training.settings();
        Path root = data != null ? data : Path.of(training.data());
        IrmasDataset ds = IrmasDataset.open(root);
        Split split = Split.grouped(ds.training(), settings.validationFraction(), settings.validationSplitSeed());
        List<TrainingClip> validation = split.validation();
        listener.onFeaturesStart(validation.size());
        List<String> failures = new ArrayList<>();
        List<FeatureMap> maps = new FeaturePipeline(first.features(), cache).clips(
                validation.stream().map(TrainingClip::file).toList(), Runtime.getRuntime().availableProcessors(),
                d -> listener.onFeatures(d, validation.size()), failures);
        failures.forEach(listener::onSkipped);
        CachedExamples val = RunTraining.examples(validation, maps);
        // Training records the validation clips it could read; another count means other recordings.
        if (val.size() != training.validationClips()) {
            throw new IOException(root + ": holds out " + val.size() + " readable validation clips for split seed "
                    + settings.validationSplitSeed() + ", but " + runs.get(0) + " was trained with "
                    + training.validationClips() + ": the data changed since training");
        }

        Files.createDirectories(out);
        RunDirectory dir = new RunDirectory(out);
        Files.deleteIfExists(dir.manifest());
        Files.deleteIfExists(dir.thresholds());
        AtomicFiles.writeDurably(dir.weights(), stream -> concatenateWeights(members, stream));

        ModelSpec spec = first.model().withMembers(members.size()).withTestBandShift(testBandShift);
        List<BundleManifest.TrainingProvenance> provenance = members.stream()
                .map(b -> b.manifest().training()).toList();
        BundleManifest.TrainingProvenance made = new BundleManifest.TrainingProvenance(
                root.toAbsolutePath().toString(),
                training.corpus(), training.trainClips(), training.validationClips(), training.seed(), settings,
                training.epochs(), training.bestEpoch(), training.stoppedEarly(), command);
        Map<String, Double> metrics = new LinkedHashMap<>();
        BundleManifest unsealed = manifest(out, spec, first, List.of(), made, provenance, metrics);
        List<DecisionRule> chosen = RunTraining.chooseThresholds(out, unsealed, val, new Mixer(first.features()),
                settings.validationSplitSeed(), Rules.newBundle(), metrics, device, listener);
        return ModelBundle.seal(out, manifest(out, spec, first, chosen, made, provenance, metrics));
    }

    private static BundleManifest manifest(Path out, ModelSpec spec, BundleManifest first, List<DecisionRule> rules,
                                           BundleManifest.TrainingProvenance made,
                                           List<BundleManifest.TrainingProvenance> members,
                                           Map<String, Double> metrics) {
        List<String> specs = rules.stream().map(DecisionRule::spec).toList();
        return new BundleManifest(ModelBundle.FORMAT, out.toAbsolutePath().getFileName().toString(),
                Instant.now().toString(), spec, first.features(), first.classes(), first.windowing(), specs,
                specs.isEmpty() ? first.defaultRule() : specs.get(0), made, Versions.current(), Map.copyOf(metrics),
                null, members.size() > 1 ? members : null);
    }

    /**
     * The manifest of the first run, after checking that every run is one network of the same structure, trained on
     * the same features, classes and data with the same validation split.
     */
    private static BundleManifest requireCompatible(List<Path> runs, List<ModelBundle> bundles) {
        BundleManifest first = bundles.get(0).manifest();
        for (int i = 0; i < bundles.size(); i++) {
            BundleManifest m = bundles.get(i).manifest();
            Path run = runs.get(i);
            if (m.model().members() != 1) {
                throw new IllegalArgumentException(run + ": is an ensemble already; combine its members' runs");
            }
            if (m.training() == null || m.training().settings() == null) {
                throw new IllegalArgumentException(run + ": records no training data and split (a bundle written by "
                        + "timbre train is needed)");
            }
            if (i == 0) {
                continue;
            }
            Path other = runs.get(0);
            requireSame(run, other, "network", m.model().member().describe(), first.model().member().describe(),
                    m.model().member().equals(first.model().member()));
            requireSame(run, other, "features", m.features(), first.features(), m.features().equals(first.features()));
            requireSame(run, other, "classes", m.classes(), first.classes(), m.classes().equals(first.classes()));
            requireSame(run, other, "windowing", m.windowing(), first.windowing(),
                    m.windowing().equals(first.windowing()));
            requireSame(run, other, "training data", m.training().data(), first.training().data(),
                    m.training().data().equals(first.training().data()));
            TrainSettings s = m.training().settings();
            TrainSettings f = first.training().settings();
            requireSame(run, other, "validation split (seed, share)",
                    s.validationSplitSeed() + ", " + s.validationFraction(),
                    f.validationSplitSeed() + ", " + f.validationFraction(),
                    s.validationSplitSeed() == f.validationSplitSeed()
                            && s.validationFraction() == f.validationFraction());
        }
        return first;
    }

    private static void requireSame(Path run, Path first, String what, Object value, Object firstValue, boolean same) {
        if (!same) {
            throw new IllegalArgumentException(run + ": " + what + " " + value + " differs from " + first + "'s "
                    + firstValue + (what.startsWith("validation") ? " (train the members with one --split-seed)" : ""));
        }
    }

    /** The members' weight files one after the other, as {@link dev.timbre.model.Ensemble} reads them. */
    private static void concatenateWeights(List<ModelBundle> members, OutputStream out) throws IOException {
        for (ModelBundle member : members) {
            out.write(member.weightsBytes());
        }
    }

    private static boolean sameRun(Path a, Path b) {
        return Objects.equals(a.toAbsolutePath().normalize(), b.toAbsolutePath().normalize());
    }
}
