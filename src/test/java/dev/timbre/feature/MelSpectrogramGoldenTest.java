package dev.timbre.feature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavReader;
import dev.timbre.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parity with librosa 0.9.2 on the reference signals in ../shared/golden/mel (tolerances from its README). */
class MelSpectrogramGoldenTest {

    static JsonNode index() throws IOException {
        return new ObjectMapper().readTree(SharedData.golden("mel/index.json").toFile());
    }

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : index().get("cases")) {
            for (ChannelMode mode : ChannelMode.values()) {
                out.add(Arguments.of(c.get("name").asText(), mode));
            }
        }
        return out;
    }

    static JsonNode caseNamed(String name) throws IOException {
        for (JsonNode c : index().get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no golden case " + name);
    }

    static float[] golden(JsonNode c, ChannelMode mode, String what) throws IOException {
        String key = (mode == ChannelMode.MONO ? "mono_" : "stereo_") + what;
        return SharedData.f32(SharedData.golden("mel/" + c.get(key).get("file").asText()));
    }

    @Test
    void filterbankMatchesLibrosa() throws IOException {
        float[] ref = SharedData.f32(SharedData.golden("mel/mel_filterbank.f32"));
        MelFilterbank fb = MelFilterbank.slaney(44_100, 4096, 224, 0, 22_050);
        float[][] d = fb.dense();
        assertThat(ref).hasSize(224 * 2049);
        double worst = 0;
        for (int m = 0; m < 224; m++) {
            for (int k = 0; k < 2049; k++) {
                worst = Math.max(worst, Math.abs(d[m][k] - ref[m * 2049 + k]));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1e-6);
        assertThat(fb.nonZero()).isLessThan(224 * 2049 / 50);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void melPowerMatches(String name, ChannelMode mode) throws IOException {
        JsonNode c = caseNamed(name);
        AudioClip clip = WavReader.read(SharedData.golden("mel/" + c.get("wav").asText()));
        MelSpectrogram mel = new MelSpectrogram(FeatureSettings.study(mode));
        float[][][] p = mel.melPower(clip.channels());
        float[] ref = golden(c, mode, "mel_power");
        assertThat(p.length * 224 * 259).isEqualTo(ref.length);
        float max = 0;
        for (float v : ref) {
            max = Math.max(max, v);
        }
        double worst = 0;
        int i = 0;
        for (float[][] ch : p) {
            for (float[] row : ch) {
                for (float v : row) {
                    float r = ref[i++];
                    if (r > 1e-6 * max) {
                        worst = Math.max(worst, Math.abs(v - r) / r);
                    }
                }
            }
        }
        assertThat(worst).as("max relative error of mel power").isLessThanOrEqualTo(2e-4);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void decibelFeaturesMatch(String name, ChannelMode mode) throws IOException {
        JsonNode c = caseNamed(name);
        AudioClip clip = WavReader.read(SharedData.golden("mel/" + c.get("wav").asText()));
        float[][][] db = new MelSpectrogram(FeatureSettings.study(mode)).compute(clip.channels());
        float[] ref = golden(c, mode, "mel_db_cropped");
        float[] flat = new float[ref.length];
        MelSpectrogram.flatten(db, flat, 0);
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            worst = Math.max(worst, Math.abs(flat[i] - ref[i]));
        }
        assertThat(worst).as("max dB difference").isLessThanOrEqualTo(0.01);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void zeroCrossingRateMatches(String name, ChannelMode mode) throws IOException {
        JsonNode c = caseNamed(name);
        AudioClip clip = WavReader.read(SharedData.golden("mel/" + c.get("wav").asText()));
        MelSpectrogram mel = new MelSpectrogram(FeatureSettings.study(mode));
        float[][] signals = mel.normalizedMaps(clip.channels());
        float[] ref = golden(c, mode, "zcr");
        int i = 0;
        for (float[] s : signals) {
            float[] z = ZeroCrossingRate.compute(s, 4096, 512);
            assertThat(z).hasSize(259);
            for (float v : z) {
                assertThat((double) v).isCloseTo(ref[i++], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void monoSignalIsTheNormalisedMeanOfTheChannels() throws IOException {
        JsonNode c = caseNamed("chirp_noise");
        AudioClip clip = WavReader.read(SharedData.golden("mel/" + c.get("wav").asText()));
        float[] mono = new MelSpectrogram(FeatureSettings.study(ChannelMode.MONO)).normalizedMaps(clip.channels())[0];
        JsonNode first = c.get("mono_signal_first_8");
        for (int i = 0; i < 8; i++) {
            assertThat((double) mono[i]).isCloseTo(first.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-7));
        }
    }

    @Test
    void toneOf440HzPeaksInItsBinAndBand() {
        FeatureSettings s = FeatureSettings.study(ChannelMode.MONO);
        float[] y = new float[s.windowFrames()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.sin(2 * Math.PI * 440 * i / s.sampleRate());
        }
        MelSpectrogram mel = new MelSpectrogram(s);
        float[][] power = mel.stft().power(y);
        float[] frame = power[100];
        int peak = 0;
        for (int k = 1; k < frame.length; k++) {
            if (frame[k] > frame[peak]) {
                peak = k;
            }
        }
        assertThat(peak).isEqualTo((int) Math.round(440.0 * s.nFft() / s.sampleRate())); // bin 41
        float[][][] db = mel.compute(new float[][]{y});
        int band = 0;
        for (int m = 1; m < s.nMels(); m++) {
            if (db[0][m][100] > db[0][band][100]) {
                band = m;
            }
        }
        double lo = MelFilterbank.melToHz(MelFilterbank.hzToMel(0) + (MelFilterbank.hzToMel(22_050)) * band / 225.0);
        double hi = MelFilterbank.melToHz(MelFilterbank.hzToMel(22_050) * (band + 2) / 225.0);
        assertThat(440.0).isBetween(lo, hi);
    }
}
