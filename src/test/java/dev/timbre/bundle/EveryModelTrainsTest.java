package dev.timbre.bundle;

import dev.timbre.model.ComputeDevice;

import dev.timbre.workflow.RunTraining;
import dev.timbre.predict.WindowScorer;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.dataset.synth.SynthSettings;
import dev.timbre.eval.Rules;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureCache;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.Architecture;
import dev.timbre.model.CoAtNetSize;
import dev.timbre.model.Han2016;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each architecture trains on a tiny synthesized corpus through the same path as {@code timbre train}. */
class EveryModelTrainsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void corpus() throws Exception {
        CorpusSynthesizer.synthesize(new SynthSettings(3, 4, 0, List.of(), null, 2), dir.resolve("corpus"),
                (d, t) -> { });
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void trainsTwoEpochsWithFallingLossIntoABundle(Architecture arch) throws Exception {
        FeatureSettings features = arch == Architecture.HAN2016 ? Han2016.featureSettings()
                : FeatureSettings.study(ChannelMode.MONO);
        ModelSpec spec = ModelSpec.defaults(arch, features).withBaseChannels(16);
        if (arch == Architecture.COATNET) {
            spec = spec.withCoAtNetSize(CoAtNetSize.NANO);
        }
        TrainSettings settings = new TrainSettings(8, 1e-3f, 2, 5, 1L, 0.25, 0.0, 3, 6.0, 0.0, false, 0);
        Path run = dir.resolve("run-" + arch.cliName());
        ModelBundle bundle = RunTraining.train(dir.resolve("corpus"), spec, features, settings,
                Rules.parseList("s2:0.4,s1:0.1,majority"), new FeatureCache(dir.resolve("cache")), run, false,
                "test", false, ComputeDevice.AUTO, new RunTraining.Listener() { });
        assertThat(bundle.manifest().model()).isEqualTo(spec);
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        assertThat(epochs).hasSize(3);
        double first = Double.parseDouble(epochs.get(1).split(",")[1]);
        double second = Double.parseDouble(epochs.get(2).split(",")[1]);
        assertThat(second).as(arch + " train loss").isLessThan(first);
        try (WindowScorer scorer = new WindowScorer(bundle, 4, ComputeDevice.AUTO)) {
            long[] shape = features.mapShape();
            float[] logits = scorer.forward(new float[(int) (shape[0] * shape[1] * shape[2])], 1);
            assertThat(logits).hasSize(11);
        }
    }

}
