package dev.timbre.bundle;

import dev.timbre.model.ComputeDevice;

import dev.timbre.workflow.RunTraining;
import dev.timbre.eval.Rules;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureCache;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.Architecture;
import dev.timbre.model.ModelSpec;
import dev.timbre.testing.TinyBundle;
import dev.timbre.testing.TinyCorpus;
import dev.timbre.train.EpochStats;
import dev.timbre.train.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bundle is whole or absent, and its weights are the ones its manifest was written for. */
class BundleIntegrityTest {

    @TempDir
    static Path shared;
    static Path corpus;
    static FeatureCache cache;

    static final FeatureSettings FEATURES = FeatureSettings.study(ChannelMode.MONO);
    static final ModelSpec SPEC = ModelSpec.defaults(Architecture.CNN, FEATURES).withBaseChannels(2);

    @BeforeAll
    static void corpus() throws IOException {
        corpus = TinyCorpus.write(shared.resolve("corpus"), 3, 5);
        cache = new FeatureCache(shared.resolve("cache"));
    }

    static TrainSettings settings(long seed, int epochs) {
        return new TrainSettings(8, 1e-3f, epochs, 5, seed, 0.25, 0.5, 3, 6.0, 0.0, false, 0);
    }

    static ModelBundle train(Path run, TrainSettings settings, boolean resume, RunTraining.Listener listener)
            throws Exception {
        return train(run, settings, resume, true, listener);
    }

    static ModelBundle train(Path run, TrainSettings settings, boolean resume, boolean thresholds,
                             RunTraining.Listener listener) throws Exception {
        return RunTraining.train(corpus, SPEC, FEATURES, settings, Rules.parseList("s2:0.4,s1:0.1,majority"),
                cache, run, resume, "test", thresholds, ComputeDevice.AUTO, listener);
    }

    /** Stands for a process killed at the named stage: the exception ends training there. */
    static final class Killed extends RuntimeException {
    }

    @Test
    void aRunKilledBeforeItsThresholdsLeavesNoBundleAndResumeCompletesIt(@TempDir Path run) throws Exception {
        assertThatThrownBy(() -> train(run, settings(1, 2), false, new RunTraining.Listener() {
            @Override
            public void onThresholds(int mixtures) {
                throw new Killed();
            }
        })).isInstanceOf(Killed.class);
        assertThat(run.resolve(RunDirectory.WEIGHTS)).exists();
        assertThat(run.resolve(RunDirectory.MANIFEST)).as("no manifest with unchosen thresholds").doesNotExist();
        assertThatThrownBy(() -> ModelBundle.read(run)).hasMessageContaining("not a complete model bundle");

        ModelBundle done = train(run, settings(1, 2), true, new RunTraining.Listener() { });
        assertThat(run.resolve(RunDirectory.THRESHOLDS)).exists();
        assertThat(done.manifest().metrics()).containsKey("validation_mixtures.s2.threshold");
        assertThat(done.manifest().defaultRule()).startsWith("s2:");
        assertThat(done.manifest().weights().sha256()).hasSize(64);
        assertThat(done.manifest().training().epochs()).isEqualTo(2);
        assertThat(permissionSets(run)).as("permissions of model.json, weights.params, last.ckpt, epochs.csv, "
                + "thresholds.json").hasSize(1);
    }

    private static Set<Set<PosixFilePermission>> permissionSets(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> {
                try {
                    return Files.getPosixFilePermissions(p);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
        }
    }

    @Test
    void retrainingRemovesTheOldManifestBeforeTheWeightsChange(@TempDir Path run) throws Exception {
        train(run, settings(1, 1), false, false, new RunTraining.Listener() { });
        assertThat(run.resolve(RunDirectory.MANIFEST)).exists();
        assertThatThrownBy(() -> train(run, settings(2, 1), false, new RunTraining.Listener() {
            @Override
            public void onEpochEnd(EpochStats s) {
                throw new Killed();
            }
        })).isInstanceOf(Killed.class);
        assertThat(run.resolve(RunDirectory.MANIFEST)).as("the old manifest would describe the new weights")
                .doesNotExist();
    }

    @Test
    void resumeRefusesSettingsOtherThanTheInterruptedRunsAndKeepsTheCheckpoint(@TempDir Path run) throws Exception {
        assertThatThrownBy(() -> train(run, settings(1, 3), false, new RunTraining.Listener() {
            @Override
            public void onEpochEnd(EpochStats s) {
                throw new Killed();
            }
        })).isInstanceOf(Killed.class);
        byte[] checkpoint = Files.readAllBytes(run.resolve("last.ckpt"));
        assertThatThrownBy(() -> train(run, settings(2, 3), true, new RunTraining.Listener() { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last.ckpt")
                .hasMessageContaining("seed: 1 → 2");
        assertThatThrownBy(() -> train(run, settings(1, 9), true, new RunTraining.Listener() { }))
                .hasMessageContaining("maxEpochs: 3 → 9");
        TrainSettings otherRate = new TrainSettings(8, 1e-2f, 3, 5, 1, 0.25, 0.5, 3, 6.0, 0.0, false, 0);
        assertThatThrownBy(() -> train(run, otherRate, true, new RunTraining.Listener() { }))
                .hasMessageContaining("learningRate: 0.001 → 0.01");
        assertThat(Files.readAllBytes(run.resolve("last.ckpt"))).as("a refused resume changes nothing")
                .isEqualTo(checkpoint);
        assertThat(train(run, settings(1, 3), true, new RunTraining.Listener() { }).manifest().training()
                .epochs()).isEqualTo(3);
    }

    @Test
    void weightsOfAnotherWidthAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path narrow = dir.resolve("n2");
        Path wide = dir.resolve("n4");
        TinyBundle.write(narrow, 2, 1, "s2:0.4");
        TinyBundle.write(wide, 4, 1, "s2:0.4");
        Files.copy(wide.resolve(RunDirectory.WEIGHTS), narrow.resolve(RunDirectory.WEIGHTS),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelBundle.read(narrow).loadModel(ComputeDevice.AUTO)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(narrow.resolve(RunDirectory.WEIGHTS).toString())
                .hasMessageContaining("replaced, truncated or damaged");

        // A bundle written before the manifest recorded its weights: the shapes still catch it.
        Path old = dir.resolve("old");
        TinyBundle.write(old, 2, 1, "s2:0.4");
        ModelBundle.writeManifest(old, ModelBundle.read(old).manifest().withWeights(null));
        Files.copy(wide.resolve(RunDirectory.WEIGHTS), old.resolve(RunDirectory.WEIGHTS),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelBundle.read(old).loadModel(ComputeDevice.AUTO)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(old.resolve(RunDirectory.WEIGHTS).toString())
                .hasMessageContaining("weights of another model");
    }

    @Test
    void truncatedWeightsFailWithOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("b");
        TinyBundle.write(bundle, 2, 1, "s2:0.4");
        Path weights = bundle.resolve(RunDirectory.WEIGHTS);
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> ModelBundle.read(bundle)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(weights.toString()).hasMessageContaining("truncated");

        // Without a recorded size and checksum (an older bundle), loading finds the end of the file too soon.
        Files.write(weights, all);
        ModelBundle.writeManifest(bundle, ModelBundle.read(bundle).manifest().withWeights(null));
        Files.write(weights, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> ModelBundle.read(bundle).loadModel(ComputeDevice.AUTO)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(weights.toString()).hasMessageContaining("truncated")
                .hasNoCause();
    }

    @Test
    void anEditedManifestNoLongerDescribesItsWeights(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("b");
        ModelBundle b = TinyBundle.write(bundle, 2, 1, "s2:0.4");
        BundleManifest m = b.manifest();
        BundleManifest edited = new BundleManifest(m.format(), m.name(), m.createdAt(), m.model().withBaseChannels(4),
                m.features(), m.classes(), m.windowing(), m.rules(), m.defaultRule(), m.training(), m.versions(),
                m.metrics(), m.weights(), m.members());
        ModelBundle.writeManifest(bundle, edited);
        assertThatThrownBy(() -> ModelBundle.read(bundle).loadModel(ComputeDevice.AUTO)).isInstanceOf(IOException.class)
                .hasMessageContaining(RunDirectory.MANIFEST).hasMessageContaining("parameter shapes");
    }

    @Test
    void theBundledDefaultModelLoadsAndNamesItsWeights() throws Exception {
        ModelBundle b = ModelBundle.fromResources("/dev/timbre/default-model/");
        try (var model = b.loadModel(ComputeDevice.AUTO)) {
            assertThat(model.getBlock().getParameters().size()).isPositive();
        }
        assertThat(b.weightsSha256()).hasSize(64);
    }
}
