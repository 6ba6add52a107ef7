package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioStream;
import dev.timbre.audio.WavWriter;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.testing.TinyBundle;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What recognition answers for input that is not music, and what its numbers mean, on a bundle with random
 * weights: every expectation here holds because of the energy floor, the windowing and the arithmetic of the
 * scores, whatever a model would answer.
 */
class HonestRecognitionTest {

    static final int RATE = 44_100;

    @TempDir
    static Path dir;
    static InstrumentRecognizer s2;
    static InstrumentRecognizer s1;

    @BeforeAll
    static void load() throws Exception {
        ModelBundle bundle = TinyBundle.write(dir.resolve("tiny"), 2, 3, "s2:0.4");
        s2 = InstrumentRecognizer.of(bundle);
        s1 = InstrumentRecognizer.of(TinyBundle.write(dir.resolve("tiny-s1"), 2, 3, "s1:0.1"));
    }

    @AfterAll
    static void close() {
        s2.close();
        s1.close();
    }

    static float[][] constant(int channels, int frames, float value) {
        float[][] a = new float[channels][frames];
        for (float[] c : a) {
            Arrays.fill(c, value);
        }
        return a;
    }

    static float[] tone(int frames, long seed) {
        float[] x = new float[frames];
        float[] t = TinyCorpus.tone(330, 3, new Random(seed));
        for (int i = 0; i < frames; i++) {
            x[i] = t[i % t.length];
        }
        return x;
    }

    private static void assertSilence(Recognition r) {
        assertThat(r.instruments()).isEmpty();
        assertThat(r.timeline()).isNotEmpty().allMatch(TimelineWindow::silent);
        assertThat(r.scores().values()).containsOnly(0.0);
        assertThat(r.warnings()).anyMatch(w -> w.contains("energy floor"));
    }

    @Test
    void digitalSilenceReportsNoInstrumentWholeOrStreamed() throws Exception {
        float[][] silence = constant(2, 10 * RATE, 0f);
        assertSilence(s2.recognize(silence, RATE));
        Path wav = dir.resolve("silence.wav");
        WavWriter.write16(wav, new AudioClip(silence, RATE));
        assertSilence(s2.recognize(wav));
        assertSilence(s1.recognize(wav));
    }

    @Test
    void aDcOffsetAndDitherAreSilenceToo() throws Exception {
        assertSilence(s2.recognize(constant(1, 8 * RATE, 0.4f), RATE));
        float[][] dither = new float[1][8 * RATE];
        Random rng = new Random(1);
        for (int i = 0; i < dither[0].length; i++) {
            dither[0][i] = 0.1f + (float) (rng.nextGaussian() / 32768);
        }
        assertSilence(s2.recognize(dither, RATE));
    }

    @Test
    void silentWindowsInsideMusicAreMarkedAndLeftOutOfTheDecision() throws Exception {
        int w = 132_299;
        float[][] audio = new float[1][4 * w];
        System.arraycopy(tone(w, 1), 0, audio[0], 0, w);
        System.arraycopy(tone(w, 2), 0, audio[0], 3 * w, w);
        Recognition r = s2.recognize(audio, RATE);
        assertThat(r.timeline().get(0).silent()).isFalse();
        assertThat(r.timeline().get(r.timeline().size() - 1).silent()).isFalse();
        assertThat(r.timeline()).anyMatch(TimelineWindow::silent);
        assertThat(r.instruments()).as("S2 reports at least the top class of the sounding windows").isNotEmpty();
        assertThat(r.warnings()).isEmpty();
        for (String code : r.scores().keySet()) {
            double mean = r.timeline().stream().filter(t -> !t.silent()).mapToDouble(t -> t.scores().get(code))
                    .average().orElseThrow();
            assertThat(r.scores().get(code)).as(code).isCloseTo(mean, within(2e-4));
        }
    }

    @Test
    void theScoreIsTheMeanWindowSigmoidAndTheRulesStatisticStandsBesideIt() throws Exception {
        Recognition r = s2.recognize(new float[][]{tone(9 * RATE, 5)}, RATE);
        InstrumentScore top = r.instruments().stream().filter(i -> i.ruleScore() == 1.0).findFirst().orElseThrow();
        assertThat(top.score()).as("S2 normalises its top class to 1; the score does not").isLessThan(1.0);
        for (InstrumentScore i : r.instruments()) {
            assertThat(i.score()).isEqualTo(r.scores().get(i.code()));
            assertThat(i.ruleScore()).isEqualTo(r.ruleScores().get(i.code())).isGreaterThan(0.4);
        }
        assertThat(r.instruments()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        assertThat(r.rule()).isEqualTo("s2:0.4");
        assertThat(r.model().name()).isEqualTo("tiny-n2");
        assertThat(r.model().weightsSha256()).hasSize(64);
    }

    @Test
    void aClipShorterThanOneWindowCarriesAWarningAndTimesAreRoundedToMilliseconds() throws Exception {
        Recognition shortClip = s2.recognize(new float[][]{tone(RATE / 20, 7)}, RATE);
        assertThat(shortClip.durationSeconds()).isEqualTo(0.05);
        assertThat(shortClip.warnings()).singleElement().asString().contains("0.050 s long")
                .contains("shorter than the model's 3.00-s analysis window");

        Recognition twenty = s2.recognize(new float[][]{tone(20 * RATE, 8)}, RATE);
        assertThat(twenty.durationSeconds()).isEqualTo(20.0);
        assertThat(twenty.timeline().get(3).start()).as("297,672 / 44,100 = 6.74993…").isEqualTo(6.75);
        assertThat(twenty.timeline()).allSatisfy(t -> {
            assertThat(Math.round(t.start() * 1000) / 1000.0).isEqualTo(t.start());
            assertThat(Math.round(t.end() * 1000) / 1000.0).isEqualTo(t.end());
        });
        assertThat(twenty.warnings()).isEmpty();
    }

    @Test
    void aWavFileCutShortIsAnalysedAsFarAsItGoesWithAWarning() throws Exception {
        float[] tone = tone(8 * RATE, 10);
        Path whole = dir.resolve("whole.wav");
        WavWriter.write16(whole, new AudioClip(new float[][]{tone}, RATE));
        byte[] bytes = Files.readAllBytes(whole);
        int header = bytes.length - 2 * tone.length;
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(bytes, header + 2 * 5 * RATE));
        Path streamed = dir.resolve("streamed.wav");
        byte[] placeholder = Arrays.copyOf(bytes, header + 2 * 5 * RATE);
        Arrays.fill(placeholder, header - 4, header, (byte) 0xFF); // a streaming writer's unknown data size
        Files.write(streamed, placeholder);

        assertThat(s2.recognize(whole).warnings()).isEmpty();
        Recognition r = s2.recognize(cut);
        assertThat(r.durationSeconds()).isEqualTo(5.0);
        assertThat(r.warnings()).singleElement().asString()
                .contains("header declares 8.000 s of audio, the file holds 5.000 s").contains("cut short");
        assertThat(s2.recognize(streamed).warnings()).as("no size to compare with").isEmpty();
    }

    @Test
    void audioInMemoryIsCheckedAsTheDecodersCheckFiles() {
        float[][] nan = new float[][]{tone(RATE, 9)};
        nan[0][100] = Float.NaN;
        assertThatThrownBy(() -> s2.recognize(nan, RATE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN sample at frame 100");
        assertThatThrownBy(() -> s2.recognize(new float[][]{tone(RATE, 9)}, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample rate is 2147483647 Hz");
    }

    /** An endless tone, counting what is read, with a chosen declared length. */
    static final class EndlessTone implements AudioStream {
        final long declared;
        final long interruptAt;
        long read;

        EndlessTone(long declared, long interruptAt) {
            this.declared = declared;
            this.interruptAt = interruptAt;
        }

        @Override
        public int sampleRate() {
            return RATE;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public long declaredFrames() {
            return declared;
        }

        @Override
        public int read(float[][] dst, int offset, int frames) {
            for (int i = 0; i < frames; i++) {
                dst[0][offset + i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * (read + i) / RATE));
            }
            read += frames;
            if (read >= interruptAt) {
                Thread.currentThread().interrupt(); // as the service's timeout does to its worker
            }
            return frames;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aLengthLimitRefusesFromTheHeaderBeforeReadingAndStopsStreamingAtTheLimit() throws Exception {
        EndlessTone thirteenHours = new EndlessTone(13L * 3600 * RATE, Long.MAX_VALUE);
        assertThatThrownBy(() -> s2.recognize(thirteenHours, Path.of("long.mp3"), 600))
                .isInstanceOf(AudioTooLongException.class)
                .hasMessage("long.mp3: audio longer than the limit of 600 s (its header says 46800 s)");
        assertThat(thirteenHours.read).as("nothing decoded").isZero();

        EndlessTone undeclared = new EndlessTone(-1, Long.MAX_VALUE);
        assertThatThrownBy(() -> s2.recognize(undeclared, Path.of("stream.ogg"), 30))
                .isInstanceOf(AudioTooLongException.class).hasMessageContaining("limit of 30 s");
        assertThat(undeclared.read).as("no more than one frame past the limit").isEqualTo(30L * RATE + 1);
    }

    @Test
    void anInterruptedRecognitionStopsInsteadOfReadingOn() {
        EndlessTone endless = new EndlessTone(-1, 10L * RATE);
        try {
            assertThatThrownBy(() -> s2.recognize(endless, Path.of("slow.wav"), 3600))
                    .isInstanceOf(InterruptedIOException.class).hasMessage("slow.wav: recognition cancelled");
            assertThat(endless.read).as("stopped at the next read after the interrupt")
                    .isLessThan(10L * RATE + 2 * 132_299 + 1);
        } finally {
            Thread.interrupted();
        }
    }
}
