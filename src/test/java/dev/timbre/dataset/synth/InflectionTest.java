package dev.timbre.dataset.synth;

import dev.timbre.audio.PitchEstimator;
import dev.timbre.dataset.Instrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Horn inflections: the bends and growls the composer writes, and recorded notes that play them. */
class InflectionTest {

    static final int RATE = SampleBankTest.RATE;
    static final PitchEstimator SHORT_FRAMES = new PitchEstimator(200, 2_500, 0.15);

    private static SamplePlayer player() {
        return new SamplePlayer(RATE, new SamplePlayer.SampleCache(RATE, 64 << 20));
    }

    private static double midiAt(float[] x, double seconds) {
        int from = (int) (seconds * RATE);
        return SHORT_FRAMES.estimateMidi(Arrays.copyOfRange(x, from, from + (int) (0.04 * RATE)), RATE)
                .orElseThrow();
    }

    /** A source of one recorded A4 of the instrument, 3 s long. */
    private static SampleSource oneA4(Path dir, Instrument instrument) throws Exception {
        SampleBankTest.note(dir.resolve("lib/" + instrument.code() + "/note_A4.wav"), 69, 0.5, 3.0, 0);
        return SampleSource.scan(dir.resolve("lib"), line -> { }).get(0);
    }

    @Test
    void aPitchBendMovesARecordedNoteWithinTwoSemitones(@TempDir Path dir) throws Exception {
        SampleSource src = oneA4(dir, Instrument.TRU);
        Score.Part part = new Score.Part(0, 0, 127, 0, 0, 0);
        part.notes().add(new Score.Note(0, 2.5, 69, 100));
        // Down a semitone from the start, then a whole tone up from 1.2 s (the bend range's top, 16383).
        part.bends().add(new Score.Bend(0, 8192 - 4096));
        part.bends().add(new Score.Bend(1.2, 16383));
        float[] x = player().render(part, src, Instrument.TRU, 2.5, new Random(1))[0];
        assertThat(midiAt(x, 0.5)).isCloseTo(68, offset(0.05));
        assertThat(midiAt(x, 1.0)).isCloseTo(68, offset(0.05));
        assertThat(midiAt(x, 1.5)).isCloseTo(71, offset(0.05));
        assertThat(midiAt(x, 2.2)).isCloseTo(71, offset(0.05));
        // A bend set before the note and left there still holds; one reset before it does not.
        Score.Part reset = new Score.Part(0, 0, 127, 0, 0, 0);
        reset.bends().add(new Score.Bend(0, 0));
        reset.bends().add(new Score.Bend(0.1, 8192));
        reset.notes().add(new Score.Note(0.2, 2.0, 69, 100));
        assertThat(midiAt(player().render(reset, src, Instrument.TRU, 2.5, new Random(1))[0], 1.0))
                .isCloseTo(69, offset(0.05));
        // Rendering 1 (synth --rendering 1) plays recorded notes without their bends, as corpora were made before.
        SamplePlayer unbent = new SamplePlayer(RATE, new SamplePlayer.SampleCache(RATE, 64 << 20), false);
        float[] y = unbent.render(part, src, Instrument.TRU, 2.5, new Random(1))[0];
        assertThat(midiAt(y, 0.5)).isCloseTo(69, offset(0.05));
        assertThat(midiAt(y, 1.5)).isCloseTo(69, offset(0.05));
    }

    @Test
    void inflectedMelodiesScoopFallAndRiseWithinTheBendRangeAndReturnToPitch() {
        int scoops = 0;
        int ends = 0;
        int growls = 0;
        for (int seed = 0; seed < 20; seed++) {
            Composer music = new Composer(new Random(seed));
            Score.Part part = new Score.Part(0, 65, 100, 64, 0, 0);
            music.melody(part, 0, 6, 49, 81, 0.95, 100, true);
            music.inflect(part);
            growls += part.controls().stream().anyMatch(c -> c.controller() == Composer.GROWL) ? 1 : 0;
            assertThat(part.bends()).allSatisfy(b -> assertThat(b.value()).isBetween(0, 16383));
            List<Score.Note> notes = part.notes();
            for (int i = 0; i < notes.size(); i++) {
                Score.Note n = notes.get(i);
                double next = i + 1 < notes.size() ? notes.get(i + 1).start() : Double.POSITIVE_INFINITY;
                double end = Math.min(n.start() + n.duration(), next);
                // Every note starts at its pitch or scooped up into it from below, so no fall or doit carries
                // over into the next note (of bends at one moment, the one written last holds, as in a MIDI stream).
                Score.Bend atStart = null;
                for (Score.Bend b : part.bends()) {
                    if (b.time() <= n.start() + 1e-9 && (atStart == null || b.time() >= atStart.time())) {
                        atStart = b;
                    }
                }
                if (atStart != null && atStart.value() != 8192) {
                    assertThat(atStart.value()).as("seed %d, note %d", seed, i).isLessThan(8192);
                    assertThat(part.bends()).anyMatch(b -> b.time() > n.start() && b.time() <= end
                            && b.value() == 8192);
                }
                boolean scooped = part.bends().stream()
                        .anyMatch(b -> Math.abs(b.time() - n.start()) < 1e-9 && b.value() < 8192);
                // A fall or doit reaches its furthest at the note's end; a scoop is back at rest by mid-note.
                boolean leaves = part.bends().stream()
                        .anyMatch(b -> Math.abs(b.time() - end) < 1e-9 && b.value() != 8192);
                scoops += scooped ? 1 : 0;
                ends += leaves ? 1 : 0;
                if (leaves && next != Double.POSITIVE_INFINITY) {
                    // A fall or doit holds through the note's release, until the next note starts.
                    Score.Bend beforeNext = null;
                    for (Score.Bend b : part.bends()) {
                        if (b.time() < next - 1e-9 && (beforeNext == null || b.time() >= beforeNext.time())) {
                            beforeNext = b;
                        }
                    }
                    assertThat(beforeNext.value()).as("seed %d, note %d", seed, i).isNotEqualTo(8192);
                }
            }
        }
        assertThat(scoops).isGreaterThan(20);
        assertThat(ends).isGreaterThan(10);
        assertThat(growls).isBetween(2, 18);
    }

    @Test
    void theBreathControllerGrowlsARecordedNote(@TempDir Path dir) throws Exception {
        SampleSource src = oneA4(dir, Instrument.SAX);
        Score.Part plain = new Score.Part(0, 0, 127, 0, 0, 0);
        plain.notes().add(new Score.Note(0, 2.0, 69, 100));
        Score.Part growled = new Score.Part(0, 0, 127, 0, 0, 0);
        growled.notes().add(new Score.Note(0, 2.0, 69, 100));
        growled.controls().add(new Score.Control(0, Composer.GROWL, 127));
        float[] a = player().render(plain, src, Instrument.SAX, 2.0, new Random(2))[0];
        float[] b = player().render(growled, src, Instrument.SAX, 2.0, new Random(2))[0];
        // The plain note's level falls smoothly; the growl's swings from one 5-ms block to the next.
        assertThat(roughness(b)).isGreaterThan(5 * roughness(a));
        assertThat(midiAt(b, 1.0)).isCloseTo(69, offset(0.1));
    }

    /** Mean absolute change of level, in dB, between consecutive 5-ms blocks over 0.2–1.8 s. */
    private static double roughness(float[] x) {
        int block = RATE / 200;
        double previous = Double.NaN;
        double sum = 0;
        int n = 0;
        for (int from = (int) (0.2 * RATE); from + block <= (int) (1.8 * RATE); from += block) {
            double s = 0;
            for (int i = from; i < from + block; i++) {
                s += (double) x[i] * x[i];
            }
            double db = 10 * Math.log10(s / block + 1e-20);
            if (!Double.isNaN(previous)) {
                sum += Math.abs(db - previous);
                n++;
            }
            previous = db;
        }
        return sum / n;
    }

    @Test
    void theShareIsCheckedAndMakesAnotherCorpus(@TempDir Path dir) throws Exception {
        List<Path> samples = List.of(dir.resolve("samples"));
        SampleBankTest.note(dir.resolve("samples/notes/sax/n_C4.wav"), 60, 0.4, 1.5, 0);
        SynthSettings plain = new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false);
        SynthSettings inflected = new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, SynthSettings.MIN_LEAD_DB, SynthSettings.MAX_LEAD_DB, 0.5);
        assertThat(plain.inflectionShare()).isZero();
        assertThat(CorpusSynthesizer.fingerprint(inflected)).isNotEqualTo(CorpusSynthesizer.fingerprint(plain));
        assertThatThrownBy(() -> new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, 3, 18, 1.5)).hasMessageContaining("--inflection-share");
    }

    @Test
    void anEarlierRenderingIsRecordedInTheCorpusAndMakesAnotherCorpus(@TempDir Path dir) throws Exception {
        List<Path> samples = List.of(dir.resolve("samples"));
        SampleBankTest.note(dir.resolve("samples/notes/gel/n_C4.wav"), 60, 0.4, 1.5, 0);
        SynthSettings now = new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, 3, 18, 0);
        SynthSettings before = new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, 3, 18, 0, 1);
        assertThat(now.rendering()).isEqualTo(CorpusSynthesizer.RENDERING);
        assertThat(CorpusSynthesizer.fingerprint(before)).isNotEqualTo(CorpusSynthesizer.fingerprint(now));
        assertThatThrownBy(() -> new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, 3, 18, 0, 3)).hasMessage("--rendering must be 1 (recorded notes ignore pitch bends) or 2 (they "
                + "follow them), got 3");
        assertThatThrownBy(() -> new SynthSettings(4, 1, 0, List.of(), null, 1, samples, 1.0, 0, Realism.NONE, 0, 0,
                false, 3, 18, 0.5, 1)).hasMessageContaining("--inflection-share needs --rendering 2");
    }
}
