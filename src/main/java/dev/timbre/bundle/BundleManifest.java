package dev.timbre.bundle;

import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.ModelSpec;

import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything needed to rebuild, run and judge a trained model, and to train it again.
 *
 * @param format      bundle format version ({@link ModelBundle#FORMAT})
 * @param name        a short name for the model (defaults to the run directory's name)
 * @param createdAt   ISO-8601 time the bundle was written
 * @param model       the network's structure
 * @param features    the feature settings the network was trained on (prediction uses exactly these)
 * @param classes     output classes as IRMAS codes, in logit order
 * @param windowing   how recordings are cut into model inputs
 * @param rules       clip-level decision rules evaluated for this model, as rule strings (e.g. {@code s2:0.4})
 * @param defaultRule the rule prediction reports instruments with
 * @param training    the data, seed, settings and outcome of training
 * @param versions    software versions that produced it (timbre, DJL, PyTorch, Java)
 * @param metrics     measured scores, flat keys such as {@code validation.loss} or {@code test.s2.micro.f1}
 * @param weights     what {@code weights.params} must be, checked on every load; {@code null} in bundles written
 *                    before it was recorded, whose weights are then checked against the model's shapes only
 * @param members     for an ensemble ({@code model.members() > 1}), how each member was trained, in the order of
 *                    their weights; {@code training} then describes the ensemble's own making; {@code null} for a
 *                    single network
 */
public record BundleManifest(int format, String name, String createdAt, ModelSpec model, FeatureSettings features,
                             List<String> classes, Windowing windowing, List<String> rules, String defaultRule,
                             TrainingProvenance training, Map<String, String> versions,
                             Map<String, Double> metrics, Weights weights, List<TrainingProvenance> members) {

    /** The same manifest with other metrics. */
    public BundleManifest withMetrics(Map<String, Double> newMetrics) {
        return new BundleManifest(format, name, createdAt, model, features, classes, windowing, rules, defaultRule,
                training, versions, newMetrics, weights, members);
    }

    /** The same manifest describing these weights. */
    public BundleManifest withWeights(Weights newWeights) {
        return new BundleManifest(format, name, createdAt, model, features, classes, windowing, rules, defaultRule,
                training, versions, metrics, newWeights, members);
    }

    /**
     * The weights file this manifest was written for: a copy of other weights, a truncated file or a manifest
     * edited to another model no longer matches.
     *
     * @param bytes           the file's size
     * @param sha256          its SHA-256, lowercase hex
     * @param parameterShapes every parameter (batch-norm statistics included) by its name in the block, with its
     *                        shape, in the network's order
     */
    public record Weights(long bytes, String sha256, Map<String, List<Long>> parameterShapes) {
    }

    /**
     * How recordings are cut into windows at prediction time.
     *
     * @param windowFrames samples per window, at the feature sample rate
     * @param overlap      share of a window that consecutive windows overlap (study: 0.25)
     * @param policy       {@code cover} (whole clip, last window aligned to the end) or {@code study}
     */
    public record Windowing(int windowFrames, double overlap, String policy) {
    }

    /**
     * Where a model came from (Tribuo-style provenance: enough to run it again).
     *
     * @param data            the IRMAS-format root trained on, as given
     * @param corpus          description of the data (e.g. the synthesizer's manifest), free-form
     * @param trainClips      training clips used
     * @param validationClips validation clips held out (grouped by source recording)
     * @param seed            the run's seed
     * @param settings        optimiser, batching, early stopping and augmentation settings
     * @param epochs          epochs run
     * @param bestEpoch       epoch whose weights are in the bundle
     * @param stoppedEarly    whether patience ended the run
     * @param command         the command line that trained it, when known
     */
    public record TrainingProvenance(String data, Map<String, Object> corpus, int trainClips, int validationClips,
                                     long seed, dev.timbre.train.TrainSettings settings, int epochs, int bestEpoch,
                                     boolean stoppedEarly, String command) {
    }
}
