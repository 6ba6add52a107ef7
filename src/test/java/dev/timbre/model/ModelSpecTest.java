package dev.timbre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeatureSettings MONO = FeatureSettings.study(ChannelMode.MONO);
    private static final FeatureSettings STEREO = FeatureSettings.study(ChannelMode.STEREO);

    private static long count(ModelSpec spec) {
        return ModelTesting.trainableParameters(spec.newBlock(), spec.inputShape(1));
    }

    @Test
    void defaultsFollowTheFeatures() {
        ModelSpec spec = ModelSpec.defaults(Architecture.CNN, STEREO);
        assertThat(spec.inputShape(64)).isEqualTo(new Shape(64, 2, 224, 256));
        assertThat(spec.numClasses()).isEqualTo(11);
        assertThat(spec.nonlinearity()).isEqualTo(Nonlinearity.RELU);
        spec.requireInputOf(STEREO);
        assertThatThrownBy(() -> spec.requireInputOf(MONO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cnn model expects (2, 224, 256) maps but the features give (1, 224, 256)");
    }

    @Test
    void buildsEachArchitectureWithTheStudyParameterCounts() {
        assertThat(count(ModelSpec.defaults(Architecture.CNN, MONO))).isEqualTo(5_436_139L);
        assertThat(count(ModelSpec.defaults(Architecture.CNN, MONO).withBaseChannels(16))).isEqualTo(2_621_835L);
        assertThat(count(ModelSpec.defaults(Architecture.CRNN, STEREO))).isEqualTo(3_756_555L);
        assertThat(count(ModelSpec.defaults(Architecture.HAN2016, Han2016.featureSettings()))).isEqualTo(1_446_123L);
        FeatureSettings square = new FeatureSettings(44_100, dev.timbre.dataset.IrmasDataset.CLIP_FRAMES, 4096, 512, 224,
                0.0, 22_050.0, 1e-10, 80.0, 1, 224, ChannelMode.MONO, false);
        assertThat(count(ModelSpec.defaults(Architecture.COATNET, square))).isEqualTo(17_028_920L);
    }

    @Test
    void jsonRoundTripKeepsEveryOption() throws Exception {
        ModelSpec spec = ModelSpec.defaults(Architecture.COATNET, STEREO)
                .withCoAtNetSize(CoAtNetSize.NANO)
                .withNonlinearity(Nonlinearity.LEAKY_RELU, 0.3)
                .withDropout(0.1)
                .withInputNorm(InputNorm.BAND_MEAN)
                .withMembers(3)
                .withTestBandShift(2);
        String json = JSON.writeValueAsString(spec);
        assertThat(json).contains("\"architecture\":\"COATNET\"", "\"coatNetSize\":\"NANO\"",
                "\"negativeSlope\":0.3", "\"inputNorm\":\"BAND_MEAN\"", "\"members\":3", "\"testBandShift\":2");
        assertThat(JSON.readValue(json, ModelSpec.class)).isEqualTo(spec);
    }

    @Test
    void readsTheStoredFormat() throws Exception {
        String stored = """
                {"architecture":"CRNN","inputChannels":1,"inputBands":224,"inputFrames":256,"baseChannels":16,
                 "nonlinearity":"LEAKY_RELU","negativeSlope":0.3,"coatNetSize":"COATNET_0","numClasses":11,
                 "dropout":0.0}""";
        ModelSpec spec = JSON.readValue(stored, ModelSpec.class);
        assertThat(spec).usingRecursiveComparison().ignoringFields("revision")
                .isEqualTo(ModelSpec.defaults(Architecture.CRNN, MONO).withBaseChannels(16)
                        .withNonlinearity(Nonlinearity.LEAKY_RELU, 0.3));
        // Written before revisions were recorded: 0, read as revision 1, which crnn still is.
        assertThat(spec.revision()).isZero();
        // Written before input normalisations existed: none.
        assertThat(spec.inputNorm()).isEqualTo(InputNorm.NONE);
        // Written before ensembles existed: one network, no shifts in inference.
        assertThat(spec.members()).isEqualTo(1);
        assertThat(spec.testBandShift()).isZero();
        assertThat(count(spec)).isEqualTo(946_315L);
        assertThat(count(spec.withMembers(3))).as("three networks' parameters").isEqualTo(3 * 946_315L);
        assertThat(spec.withMembers(3).newBlock()).isInstanceOf(Ensemble.class);
        assertThat(spec.withMembers(3).member()).isEqualTo(spec);
    }

    @Test
    void aBundleOfAnOlderOrNewerNetworkRevisionIsRefused() throws Exception {
        ModelSpec current = ModelSpec.defaults(Architecture.HAN2016, Han2016.featureSettings());
        assertThat(current.revision()).isEqualTo(2);
        assertThat(JSON.writeValueAsString(current)).contains("\"revision\":2");
        String json = JSON.writeValueAsString(current);
        ModelSpec beforeScaling = JSON.readValue(json.replace("\"revision\":2", "\"revision\":0"), ModelSpec.class);
        assertThatThrownBy(beforeScaling::newBlock)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("han2016 network of revision 1, but this timbre builds revision 2 (revision 2 maps the dB "
                        + "input to [-1, 1] (x / 40 + 1) before the first convolution); the saved weights belong to "
                        + "the older network: retrain the model");
        ModelSpec future = JSON.readValue(json.replace("\"revision\":2", "\"revision\":3"), ModelSpec.class);
        assertThatThrownBy(future::newBlock).hasMessageContaining("use a newer timbre");
    }

    @Test
    void invalidStoredSpecFailsWithTheReason() {
        String stored = """
                {"architecture":"COATNET","inputChannels":1,"inputBands":224,"inputFrames":250,"baseChannels":32,
                 "nonlinearity":"RELU","negativeSlope":0.3,"coatNetSize":"NANO","numClasses":11,"dropout":0.0}""";
        assertThatThrownBy(() -> JSON.readValue(stored, ModelSpec.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("multiples of 32");
    }

    @Test
    void architecturesParseFromTheirCommandLineNames() {
        assertThat(Architecture.fromCliName("han2016")).isEqualTo(Architecture.HAN2016);
        assertThat(Architecture.fromCliName("CoAtNet")).isEqualTo(Architecture.COATNET);
        assertThat(Architecture.fromCliName("pooled-cnn")).isEqualTo(Architecture.POOLED_CNN);
        assertThatThrownBy(() -> Architecture.fromCliName("resnet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'resnet', expected one of cnn, crnn, pooled-cnn, coatnet, han2016");
    }

    @Test
    void hanBuildsWithPlainRelu() {
        ModelSpec relu = ModelSpec.defaults(Architecture.HAN2016, Han2016.featureSettings())
                .withNonlinearity(Nonlinearity.RELU, 0.3);
        assertThat(ModelTesting.forwardShape(relu.newBlock(), relu.inputShape(2))).isEqualTo(new Shape(2, 11));
    }
}
