package dev.timbre.predict;

import dev.timbre.model.ComputeDevice;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioStream;
import dev.timbre.audio.WavWriter;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.eval.DecisionRule;
import dev.timbre.feature.FeaturePipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The streaming window loop, which both recognition and evaluation use, scores exactly the windows
 * {@link Windowing#cut} gives, each as the network scores that window's features cut from the whole decoded
 * recording; and how the stream arrives (one read, a file, small reads) does not matter.
 */
class StreamingRecognitionTest {

    /** The bundle's feature rate; frame counts below are written for 44.1 kHz and scaled to it. */
    static int rate;
    /** A window one frame shorter than 3 s, so that windows and the features' own length differ. */
    static int W;
    /** Logits of one window from different forward passes agree to this; probabilities to a quarter of it. */
    static final float LOGIT_TOLERANCE = 1e-2f;
    static ModelBundle bundle;
    static FeaturePipeline pipeline;
    static WindowScorer scorer;
    static InstrumentRecognizer cover;
    static InstrumentRecognizer study;

    @BeforeAll
    static void load() throws Exception {
        bundle = ModelBundle.fromResources("/dev/timbre/default-model/");
        rate = bundle.manifest().features().sampleRate();
        W = scaled(132_299);
        pipeline = new FeaturePipeline(bundle.manifest().features(), null);
        scorer = new WindowScorer(bundle, 4, ComputeDevice.AUTO);
        DecisionRule rule = DecisionRule.parse(bundle.manifest().defaultRule());
        cover = InstrumentRecognizer.of(bundle, Windowing.cover(W), rule);
        study = InstrumentRecognizer.of(bundle, Windowing.study(W), rule);
    }

    @AfterAll
    static void close() {
        scorer.close();
        cover.close();
        study.close();
    }

    @ParameterizedTest
    @CsvSource({"cover, 20000", "cover, 132299", "cover, 200000", "cover, 1400000", "study, 200000",
            "study, 1400000", "study, 500000"})
    void streamedWindowsScoreLikeEachWindowCutFromTheWholeClip(String policy, int framesAt44k, @TempDir Path dir)
            throws Exception {
        int frames = scaled(framesAt44k);
        InstrumentRecognizer r = policy.equals("cover") ? cover : study;
        Windowing windowing = policy.equals("cover") ? Windowing.cover(W) : Windowing.study(W);
        AudioClip clip = new AudioClip(music(frames, 2, frames), rate);
        Path wav = dir.resolve("x.wav");
        WavWriter.writeFloat32(wav, clip);

        List<Window> windows = windowing.cut(frames);
        List<float[][][]> features = new ArrayList<>();
        for (Window w : windows) {
            features.add(pipeline.window(clip, w.start()));
        }
        float[][] expected = scorer.logits(features);

        InstrumentRecognizer.WindowLogits evaluated = r.windowLogits(clip, "x.wav");
        assertThat(evaluated.windows()).isEqualTo(windows);
        assertThat(evaluated.frames()).isEqualTo(frames);
        // Forward passes of different batch sizes round differently (oneDNN picks kernels per shape), so logits agree
        // to a few thousandths; another window's logits differ by far more, which the check below makes sure of.
        for (int i = 0; i < windows.size(); i++) {
            if (i > 0) {
                float apart = 0;
                for (int c = 0; c < expected[i].length; c++) {
                    apart = Math.max(apart, Math.abs(expected[i][c] - expected[i - 1][c]));
                }
                assertThat(apart).as("windows %d and %d differ", i - 1, i).isGreaterThan(10 * LOGIT_TOLERANCE);
            }
            for (int c = 0; c < expected[i].length; c++) {
                assertThat(evaluated.logits()[i][c]).as("window %d class %d", i, c).isCloseTo(expected[i][c],
                        within(LOGIT_TOLERANCE));
            }
        }

        Recognition streamed = r.recognize(wav);
        assertThat(streamed.durationSeconds()).isEqualTo(InstrumentRecognizer.roundTime(frames / (double) rate));
        assertThat(streamed.timeline()).hasSameSizeAs(windows);
        List<String> classes = bundle.manifest().classes();
        double[] mean = new double[classes.size()];
        for (int i = 0; i < windows.size(); i++) {
            TimelineWindow t = streamed.timeline().get(i);
            assertThat(t.start()).isEqualTo(InstrumentRecognizer.roundTime(windows.get(i).startSeconds(rate)));
            assertThat(t.end()).isEqualTo(InstrumentRecognizer.roundTime(windows.get(i).endSeconds(rate)));
            for (int c = 0; c < classes.size(); c++) {
                double p = DecisionRule.sigmoid(expected[i][c]);
                mean[c] += p / windows.size();
                assertThat(t.scores().get(classes.get(c))).as("window %d %s", i, classes.get(c)).isCloseTo(p,
                        within(LOGIT_TOLERANCE / 4.0));
            }
        }
        for (int c = 0; c < classes.size(); c++) {
            assertThat(streamed.scores().get(classes.get(c))).isCloseTo(mean[c], within(LOGIT_TOLERANCE / 4.0));
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void anyChannelCountAndAStreamThatTricklesInSmallReads(int channels) throws Exception {
        int frames = scaled(400_000);
        float[][] audio = music(frames, channels, 7);
        AudioStream trickle = new AudioStream() {
            int pos;

            @Override
            public int sampleRate() {
                return rate;
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
        Recognition whole = cover.recognize(audio, rate);
        assertThat(streamed.timeline()).hasSameSizeAs(whole.timeline());
        for (String code : whole.scores().keySet()) {
            assertThat(streamed.scores().get(code)).isCloseTo(whole.scores().get(code), within(2e-4));
        }
    }

    @org.junit.jupiter.api.Test
    void evaluationScoresTheWindowsPredictionDecidesOn() throws Exception {
        // Music for the first two windows, then digital silence: prediction leaves the silent windows out of its
        // answer, and evaluation scores the same windows, so that evaluate and bench real measure what predict says.
        int frames = 4 * W;
        float[][] audio = new float[1][frames];
        System.arraycopy(music(2 * W, 1, 11)[0], 0, audio[0], 0, 2 * W);
        InstrumentRecognizer.WindowLogits evaluated = cover.windowLogits(new AudioClip(audio, rate), "tail.wav");
        Recognition predicted = cover.recognize(audio, rate);

        assertThat(predicted.timeline().stream().filter(TimelineWindow::silent).count()).isPositive();
        float[][] sounding = evaluated.sounding();
        assertThat(sounding.length).isEqualTo((int) predicted.timeline().stream().filter(t -> !t.silent()).count());
        List<String> classes = bundle.manifest().classes();
        for (int c = 0; c < classes.size(); c++) {
            double mean = 0;
            for (float[] l : sounding) {
                mean += DecisionRule.sigmoid(l[c]) / sounding.length;
            }
            assertThat(predicted.scores().get(classes.get(c))).isCloseTo(mean, within(LOGIT_TOLERANCE / 4.0));
        }
        assertThat(cover.windowLogits(new AudioClip(new float[1][frames], rate), "silent.wav").sounding()).isEmpty();
    }

    /** A length in frames at 44.1 kHz, at the bundle's rate. */
    static int scaled(int framesAt44k) {
        return (int) ((long) framesAt44k * rate / 44_100);
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
