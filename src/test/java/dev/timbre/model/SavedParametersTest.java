package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A block rebuilt from its spec and loaded with saved parameters computes what the saved one did. */
class SavedParametersTest {

    static Stream<ModelSpec> specs() {
        FeatureSettings mono = FeatureSettings.study(ChannelMode.MONO);
        return Stream.of(
                ModelSpec.defaults(Architecture.CNN, mono).withBaseChannels(16),
                ModelSpec.defaults(Architecture.CRNN, FeatureSettings.study(ChannelMode.STEREO)).withBaseChannels(16),
                ModelSpec.defaults(Architecture.HAN2016, Han2016.featureSettings()),
                ModelSpec.defaults(Architecture.COATNET, mono).withCoAtNetSize(CoAtNetSize.NANO));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void rebuiltBlockReproducesTheOutput(ModelSpec spec) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = initialised(spec, manager);
            NDArray input = manager.randomNormal(spec.inputShape(2));
            NDArray expected = forward(saved, input, manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));

            Block rebuilt = initialised(spec, manager);
            assertThat(forward(rebuilt, input, manager).contentEquals(expected))
                    .as("fresh initialisation differs").isFalse();
            rebuilt.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            // The parameters come back bit for bit ...
            var savedParams = saved.getParameters();
            var loadedParams = rebuilt.getParameters();
            assertThat(loadedParams.keys()).isEqualTo(savedParams.keys());
            for (int i = 0; i < savedParams.size(); i++) {
                assertThat(loadedParams.valueAt(i).getArray().contentEquals(savedParams.valueAt(i).getArray()))
                        .as(savedParams.keyAt(i)).isTrue();
            }
            // ... and the output to within rounding: on an AVX2 CPU the GRU model's output on the loaded weights
            // differed from the original block's by 8e-7 (PyTorch took another kernel path), so bitwise equality of
            // outputs is not a property of the round trip.
            NDArray again = forward(rebuilt, input, manager);
            assertThat(again.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    private static Block initialised(ModelSpec spec, NDManager manager) {
        Block block = spec.newBlock();
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, spec.inputShape(2));
        return block;
    }

    private static NDArray forward(Block block, NDArray input, NDManager manager) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }
}
