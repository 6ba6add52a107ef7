package dev.timbre.testing;

import dev.timbre.bundle.RunDirectory;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.Instrument;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.Architecture;
import dev.timbre.model.ModelSpec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A complete model bundle with randomly initialised weights: the study's CNN on its mono features at a width
 * of {@code n} (n = 2 has about 0.3 million parameters), sealed as training seals one. For tests of what surrounds
 * a model (recognition, the service, bundle checks) that must not depend on what a trained model answers.
 */
public final class TinyBundle {

    private TinyBundle() {
    }

    /** Writes the bundle into {@code dir} (created) with default rule {@code rule}, e.g. {@code s2:0.4}. */
    public static ModelBundle write(Path dir, int n, long seed, String rule) throws IOException {
        FeatureSettings features = FeatureSettings.study(ChannelMode.MONO);
        ModelSpec spec = ModelSpec.defaults(Architecture.CNN, features).withBaseChannels(n);
        Files.createDirectories(dir);
        try (Model model = Model.newInstance("tiny")) {
            Block block = spec.newBlock();
            model.setBlock(block);
            Engine.getInstance().setRandomSeed((int) seed);
            block.initialize(model.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
            try (OutputStream out = Files.newOutputStream(dir.resolve(RunDirectory.WEIGHTS));
                 DataOutputStream d = new DataOutputStream(out)) {
                block.saveParameters(d);
            }
        }
        BundleManifest manifest = new BundleManifest(ModelBundle.FORMAT, "tiny-n" + n, "2026-12-01T00:00:00Z", spec,
                features, Instrument.ALL.stream().map(Instrument::code).toList(),
                new BundleManifest.Windowing(features.windowFrames(), 0.25, "cover"), List.of(rule), rule, null,
                Map.of("timbre", "test"), Map.of(), null, null);
        return ModelBundle.seal(dir, manifest);
    }
}
