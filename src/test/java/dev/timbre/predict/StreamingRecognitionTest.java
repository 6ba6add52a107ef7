package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioStream;
import dev.timbre.audio.WavWriter;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.Windowing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Streaming window by window gives what scoring the whole decoded recording gives. */
class StreamingRecognitionTest {

    static final int W = 132_299;
    static InstrumentRecognizer cover;
    static InstrumentRecognizer study;

    @BeforeAll
    static void load() throws Exception {
        ModelBundle bundle = ModelBundle.fromResources("/dev/timbre/default-model/");
        DecisionRule rule = DecisionRule.parse(bundle.manifest().defaultRule());
        cover = InstrumentRecognizer.of(bundle, Windowing.cover(W), rule);
        study = InstrumentRecognizer.of(bundle, Windowing.study(W), rule);
    }

    @AfterAll
    static void close() {
        cover.close();
        study.close();
    }

    @ParameterizedTest
    @CsvSource({"cover, 20000", "cover, 132299", "cover, 200000", "cover, 1400000", "study, 200000",
            "study, 1400000", "study, 500000"})
    void streamedFileScoresLikeTheWholeClip(String policy, int frames, @TempDir Path dir) throws Exception {
        InstrumentRecognizer r = policy.equals("cover") ? cover : study;
        float[][] audio = music(frames, 2, frames);
        Path wav = dir.resolve("x.wav");
        WavWriter.writeFloat32(wav, new AudioClip(audio, 44_100));

        Recognition whole = r.recognize(audio, 44_100);
        Recognition streamed = r.recognize(wav);

        assertThat(streamed.durationSeconds()).isEqualTo(whole.durationSeconds());
        assertThat(streamed.timeline()).hasSameSizeAs(whole.timeline());
        for (int i = 0; i < whole.timeline().size(); i++) {
            TimelineWindow a = whole.timeline().get(i);
            TimelineWindow b = streamed.timeline().get(i);
            assertThat(b.start()).isEqualTo(a.start());
            assertThat(b.end()).isEqualTo(a.end());
            for (String code : a.scores().keySet()) {
                assertThat(b.scores().get(code)).as("window %d %s", i, code).isCloseTo(a.scores().get(code),
                        within(2e-4));
            }
        }
        for (String code : whole.scores().keySet()) {
            assertThat(streamed.scores().get(code)).isCloseTo(whole.scores().get(code), within(2e-4));
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void anyChannelCountAndAStreamThatTricklesInSmallReads(int channels) throws Exception {
        int frames = 400_000;
        float[][] audio = music(frames, channels, 7);
        AudioStream trickle = new AudioStream() {
            int pos;

            @Override
            public int sampleRate() {
                return 44_100;
            }

            @Override
            public int channels() {
                return channels;
            }

            @Override
            public int read(float[][] dst, int offset, int n) {
                if (pos == frames) {
                    return -1;
                }
                int k = Math.min(Math.min(n, 997), frames - pos);
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(audio[c], pos, dst[c], offset, k);
                }
                pos += k;
                return k;
            }

            @Override
            public void close() {
            }
        };
        Recognition streamed = cover.recognize(trickle, Path.of("trickle"));
        Recognition whole = cover.recognize(audio, 44_100);
        assertThat(streamed.timeline()).hasSameSizeAs(whole.timeline());
        for (String code : whole.scores().keySet()) {
            assertThat(streamed.scores().get(code)).isCloseTo(whole.scores().get(code), within(2e-4));
        }
    }

    /** Tones with an envelope that changes over time, so each window differs. */
    static float[][] music(int frames, int channels, long seed) {
        Random rng = new Random(seed);
        float[][] a = new float[channels][frames];
        double f = 220 + rng.nextInt(400);
        for (int i = 0; i < frames; i++) {
            if (i % 20_000 == 0) {
                f = 110 + rng.nextInt(800);
            }
            double env = 0.3 + 0.2 * Math.sin(i / 30_000.0);
            for (int c = 0; c < channels; c++) {
                a[c][i] = (float) (env * Math.sin(2 * Math.PI * f * i / 44_100 + c) + 0.01 * rng.nextGaussian());
            }
        }
        return a;
    }
}
