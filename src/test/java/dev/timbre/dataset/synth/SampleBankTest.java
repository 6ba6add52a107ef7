package dev.timbre.dataset.synth;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.PitchEstimator;
import dev.timbre.audio.WavReader;
import dev.timbre.audio.WavWriter;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.IrmasDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Sample banks from recorded notes: reading them, playing them at any pitch, and keeping them as families. */
class SampleBankTest {

    static final int RATE = 44_100;

    /** A decaying harmonic note of {@code midi}, {@code amp} loud, after {@code lead} s of silence. */
    static void note(Path file, double midi, double amp, double seconds, double lead) throws Exception {
        double hz = PitchEstimator.hzOf(midi);
        int n = (int) (RATE * seconds);
        float[] x = new float[n];
        int start = (int) (lead * RATE);
        for (int i = start; i < n; i++) {
            double t = (i - start) / (double) RATE;
            double env = Math.min(1, t / 0.005) * Math.exp(-t * 0.8);
            x[i] = (float) (amp * env * (Math.sin(2 * Math.PI * hz * t) + 0.4 * Math.sin(4 * Math.PI * hz * t)));
        }
        Files.createDirectories(file.getParent());
        WavWriter.write16(file, new AudioClip(new float[][]{x}, RATE));
    }

    @Test
    void aPlainFolderBecomesSourcesWithPitchesFromNamesOrTheAudio(@TempDir Path dir) throws Exception {
        note(dir.resolve("lib/cel/cello_A3_forte.wav"), 57, 0.5, 1.0, 0);
        note(dir.resolve("lib/cel/cello_C4_pianissimo.wav"), 60, 0.1, 1.0, 0);
        // No pitch or dynamic in the name: both come from the audio.
        note(dir.resolve("lib/cel/take-07.wav"), 64, 0.3, 1.0, 0.1);
        note(dir.resolve("lib/cel/take-08.wav"), 52, 0.02, 1.0, 0);
        note(dir.resolve("other/flu/flute_G5.wav"), 79, 0.4, 1.0, 0);
        Files.writeString(dir.resolve("lib/cel/readme.txt"), "not audio");

        List<SampleSource> sources = SampleSource.scan(dir, line -> { });
        assertThat(sources).extracting(SampleSource::name).containsExactly("lib", "other");
        SampleSource lib = sources.get(0);
        List<SampleSource.Note> cello = lib.notes().get(Instrument.CEL);
        assertThat(cello).extracting(n -> n.file().getFileName().toString())
                .containsExactly("take-08.wav", "cello_A3_forte.wav", "cello_C4_pianissimo.wav", "take-07.wav");
        assertThat(cello.get(0).pitch()).isCloseTo(52, offset(0.1));
        assertThat(cello.get(1).pitch()).isEqualTo(57);
        assertThat(cello.get(3).pitch()).isCloseTo(64, offset(0.1));
        assertThat(cello.get(1).velocity()).isEqualTo(95);
        assertThat(cello.get(2).velocity()).isEqualTo(30);
        // Unnamed dynamics are ranked by level: the quiet take soft, the loud one strong.
        assertThat(cello.get(0).velocity()).isLessThan(cello.get(3).velocity());
        assertThat(lib.plays(Instrument.CEL)).isTrue();
        assertThat(lib.plays(Instrument.FLU)).isFalse();
        assertThat(sources.get(1).notes().get(Instrument.FLU)).hasSize(1);
    }

    @Test
    void aManifestListsNotesAndPhrases(@TempDir Path dir) throws Exception {
        note(dir.resolve("a/sax/low.wav"), 50, 0.3, 1.0, 0);
        note(dir.resolve("b/sax/solo.wav"), 62, 0.3, 4.0, 0);
        Files.writeString(dir.resolve("manifest.tsv"), "path\tclass\tsource\tkind\tmidi_pitch\n"
                + "a/sax/low.wav\tsax\tlib-a\tnote\t50\n"
                + "b/sax/solo.wav\tsax\tlib-b\tstem\t\n");
        List<SampleSource> sources = SampleSource.scan(dir, line -> { });
        assertThat(sources).extracting(SampleSource::name).containsExactly("lib-a", "lib-b");
        assertThat(sources.get(0).noteCount()).isEqualTo(1);
        assertThat(sources.get(1).phrases().get(Instrument.SAX)).containsExactly(dir.resolve("b/sax/solo.wav"));
        // The manifest itself can be given, and errors name the line.
        assertThat(SampleSource.scan(dir.resolve("manifest.tsv"), line -> { })).hasSize(2);
        Files.writeString(dir.resolve("manifest.tsv"), "path\tclass\nb/sax/solo.wav\tkazoo\n");
        assertThatThrownBy(() -> SampleSource.scan(dir, line -> { })).hasMessageContaining("manifest.tsv:2")
                .hasMessageContaining("kazoo");
        // A recording that cannot be read is reported and left out; the rest are used.
        Files.write(dir.resolve("b/sax/bad.wav"), "RIFF\u0010\u0000\u0000\u0000WAVEfmt junk".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("manifest.tsv"), "path\tclass\tsource\n"
                + "b/sax/gone.wav\tsax\tlib-b\nb/sax/bad.wav\tsax\tlib-b\nb/sax/solo.wav\tsax\tlib-b\n");
        List<String> skipped = new java.util.ArrayList<>();
        assertThat(SampleSource.scan(dir, skipped::add)).singleElement()
                .satisfies(src -> assertThat(src.noteCount() + src.phraseCount()).isEqualTo(1));
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).startsWith(dir.resolve("b/sax/gone.wav") + ": ");
        assertThat(skipped.get(1)).startsWith(dir.resolve("b/sax/bad.wav") + ": ");
        // With nothing readable left, the place itself is the error.
        Files.writeString(dir.resolve("manifest.tsv"), "path\tclass\nb/sax/gone.wav\tsax\n");
        assertThatThrownBy(() -> SampleSource.scan(dir, line -> { })).hasMessageContaining("none of its 1 recordings");
        assertThatThrownBy(() -> SampleSource.scan(dir.resolve("nope"), line -> { })).hasMessageContaining("nope");
    }

    @Test
    void aNoteBetweenTwoRecordingsPlaysAtItsOwnPitch(@TempDir Path dir) throws Exception {
        note(dir.resolve("lib/vio/violin_A4.wav"), 69, 0.5, 2.0, 0.05);
        note(dir.resolve("lib/vio/violin_D5.wav"), 74, 0.5, 2.0, 0);
        SampleSource src = SampleSource.scan(dir.resolve("lib"), line -> { }).get(0);
        SamplePlayer player = new SamplePlayer(RATE, new SamplePlayer.SampleCache(RATE, 64 << 20));
        // 62 lies more than 4 semitones under the recordings: it is played an octave up.
        int[][] wantedAndHeard = {{69, 69}, {71, 71}, {72, 72}, {74, 74}, {76, 76}, {62, 74}};
        for (int[] wh : wantedAndHeard) {
            int pitch = wh[0];
            Score.Part part = new Score.Part(0, 0, 127, 64, 0, 0);
            part.notes().add(new Score.Note(0.2, 1.0, pitch, 100));
            float[][] out = player.render(part, src, Instrument.VIO, 1.6, new Random(pitch));
            assertThat(out).hasDimensions(2, (int) Math.round(1.6 * RATE));
            float[] mono = new float[out[0].length];
            for (int i = 0; i < mono.length; i++) {
                mono[i] = out[0][i] + out[1][i];
            }
            assertThat(PitchEstimator.DEFAULT.estimateMidi(mono, RATE).orElseThrow()).as("note %d", pitch)
                    .isCloseTo(wh[1], offset(0.15));
            // Silent before the note starts (the recording's leading silence is trimmed, not played).
            double before = 0;
            for (int i = 0; i < (int) (0.19 * RATE); i++) {
                before = Math.max(before, Math.abs(mono[i]));
            }
            assertThat(before).isZero();
            // Faded out after its end and release.
            double after = 0;
            for (int i = (int) (1.55 * RATE); i < mono.length; i++) {
                after = Math.max(after, Math.abs(mono[i]));
            }
            assertThat(after).isZero();
        }
        // The nearest recording is chosen; beyond the range, the note moves by octaves.
        List<SampleSource.Note> notes = src.notes().get(Instrument.VIO);
        assertThat(SamplePlayer.choose(notes, 70, 100, new Random(1)).note().pitch()).isEqualTo(69);
        assertThat(SamplePlayer.choose(notes, 73, 100, new Random(1)).note().pitch()).isEqualTo(74);
        // 90 is moved down an octave to 78, the highest the recordings reach (D5 stretched 4 semitones).
        assertThat(SamplePlayer.choose(notes, 90, 100, new Random(1)).shift()).isCloseTo(4, offset(1e-9));
        assertThatThrownBy(() -> player.render(new Score.Part(0, 0, 100, 64, 0, 0), src, Instrument.CEL, 1,
                new Random(1))).hasMessageContaining("no recorded notes of cello");
    }

    @Test
    void theModulationWheelBendsANoteAroundItsPitchAndExpressionSetsItsLevel(@TempDir Path dir) throws Exception {
        note(dir.resolve("lib/sax/sax_A4.wav"), 69, 0.5, 3.0, 0);
        SampleSource src = SampleSource.scan(dir.resolve("lib"), line -> { }).get(0);
        SamplePlayer player = new SamplePlayer(RATE, new SamplePlayer.SampleCache(RATE, 64 << 20));
        Score.Part still = new Score.Part(0, 0, 127, 0, 0, 0);
        still.notes().add(new Score.Note(0, 2.5, 69, 100));
        Score.Part wavering = new Score.Part(0, 0, 127, 0, 0, 0);
        wavering.notes().add(new Score.Note(0, 2.5, 69, 100));
        wavering.controls().add(new Score.Control(0, 1, 0));
        wavering.controls().add(new Score.Control(0.3, 1, 127));
        float[] plain = player.render(still, src, Instrument.SAX, 2.5, new Random(3))[0];
        float[] bent = player.render(wavering, src, Instrument.SAX, 2.5, new Random(3))[0];
        // Before the wheel is raised the two are the same note; after it, 40-ms frames swing either side of A4 by
        // up to the full depth (50 cents) and average to A4.
        int frame = (int) (0.04 * RATE);
        PitchEstimator shortFrames = new PitchEstimator(200, 2_500, 0.15);
        double low = 99;
        double high = 0;
        double sum = 0;
        int frames = 0;
        for (int from = (int) (0.6 * RATE); from + frame <= (int) (2.2 * RATE); from += frame / 2) {
            double midi = shortFrames.estimateMidi(
                    java.util.Arrays.copyOfRange(bent, from, from + frame), RATE).orElseThrow();
            low = Math.min(low, midi);
            high = Math.max(high, midi);
            sum += midi;
            frames++;
        }
        assertThat(high - low).isBetween(0.6, 1.1);
        assertThat(sum / frames).isCloseTo(69, offset(0.1));
        for (int i = 0; i < (int) (0.3 * RATE); i++) {
            assertThat(bent[i]).isEqualTo(plain[i]);
        }
        double plainPitch = shortFrames.estimateMidi(
                java.util.Arrays.copyOfRange(plain, RATE, RATE + frame), RATE).orElseThrow();
        assertThat(plainPitch).isCloseTo(69, offset(0.05));
        // Expression 64 of 127 plays the note at (64/127)² of its level.
        Score.Part soft = new Score.Part(0, 0, 127, 0, 0, 0);
        soft.notes().add(new Score.Note(0, 2.5, 69, 100));
        soft.controls().add(new Score.Control(0, 11, 64));
        float[] quiet = player.render(soft, src, Instrument.SAX, 2.5, new Random(3))[0];
        for (int i = RATE; i < RATE + 100; i++) {
            assertThat(quiet[i]).isCloseTo((float) (plain[i] * Math.pow(64 / 127.0, 2)), offset(1e-6f));
        }
        assertThat(plain[RATE + 50]).isNotZero();
    }

    @Test
    void aSourceNamedForTestingIsAFamilyKeptOutOfTraining(@TempDir Path dir) throws Exception {
        for (Instrument i : Instrument.ALL) {
            note(dir.resolve("samples/heard/" + i.code() + "/n_C4.wav"), 60, 0.4, 1.5, 0);
            note(dir.resolve("samples/heard/" + i.code() + "/n_G4.wav"), 67, 0.4, 1.5, 0);
            note(dir.resolve("samples/unheard/" + i.code() + "/n_E4.wav"), 64, 0.4, 1.5, 0);
        }
        SynthSettings s = new SynthSettings(3, 1, 1, List.of(), "unheard", 2, List.of(dir.resolve("samples")),
                1.0, 0, Realism.NONE, 0, 0, false);
        Path out = dir.resolve("corpus");
        CorpusSynthesizer.synthesize(s, out, (d, t) -> { });
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("synth.json").toFile());
        assertThat(manifest.at("/recordedSources/0/name").asText()).isEqualTo("heard");
        assertThat(manifest.at("/recordedSources/0/use").asText()).isEqualTo("train");
        assertThat(manifest.at("/recordedSources/1/name").asText()).isEqualTo("unheard");
        assertThat(manifest.at("/recordedSources/1/use").asText()).isEqualTo("test");
        // The choice is recorded, so the model card's synth line can repeat it.
        assertThat(manifest.at("/testBank").asText()).isEqualTo("unheard");
        IrmasDataset ds = IrmasDataset.open(out);
        assertThat(ds.training()).hasSize(11);
        assertThat(ds.testing()).hasSize(1);
        for (var c : ds.training()) {
            assertThat(CorpusSynthesizerTest.peak(WavReader.read(c.file()))).isGreaterThan(0.05f);
        }
        // A recorded source's name works as --test-bank; an unknown name still fails.
        assertThatThrownBy(() -> CorpusSynthesizer.synthesize(new SynthSettings(3, 1, 0, List.of(), "nobody", 1,
                List.of(dir.resolve("samples")), 1.0, 0, Realism.NONE, 0, 0, false), dir.resolve("x"), (d, t) -> { }))
                .hasMessageContaining("'nobody'");
    }

    @Test
    void theLeadsLevelOverTheAccompanimentFollowsLeadDbAndIsRecorded(@TempDir Path dir) throws Exception {
        for (Instrument i : Instrument.ALL) {
            note(dir.resolve("samples/notes/" + i.code() + "/n_C4.wav"), 60, 0.4, 1.5, 0);
        }
        List<Path> samples = List.of(dir.resolve("samples"));
        java.util.function.BiFunction<Double, Double, SynthSettings> settings = (min, max) -> new SynthSettings(4, 1, 0,
                List.of(), null, 2, samples, 1.0, 0, Realism.NONE, 0, 0, false, min, max);
        assertThat(settings.apply(SynthSettings.MIN_LEAD_DB, SynthSettings.MAX_LEAD_DB))
                .isEqualTo(new SynthSettings(4, 1, 0, List.of(), null, 2, samples, 1.0, 0, Realism.NONE, 0, 0, false));
        Path low = dir.resolve("low");
        Path high = dir.resolve("high");
        CorpusSynthesizer.synthesize(settings.apply(0.0, 0.0), low, (d, t) -> { });
        CorpusSynthesizer.synthesize(settings.apply(24.0, 24.0), high, (d, t) -> { });
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(low.resolve("synth.json").toFile()).at("/leadOverAccompanimentDb").toString())
                .isEqualTo("[0.0,0.0]");
        assertThat(json.readTree(high.resolve("synth.json").toFile()).at("/leadOverAccompanimentDb").toString())
                .isEqualTo("[24.0,24.0]");
        // The same seed plays the same music: only the balance of the buses differs.
        List<Path> lows = IrmasDataset.open(low).training().stream().map(c -> c.file()).sorted().toList();
        List<Path> highs = IrmasDataset.open(high).training().stream().map(c -> c.file()).sorted().toList();
        assertThat(lows.stream().map(p -> low.relativize(p).toString()).toList())
                .isEqualTo(highs.stream().map(p -> high.relativize(p).toString()).toList());
        int differing = 0;
        for (int k = 0; k < lows.size(); k++) {
            if (!java.util.Arrays.equals(Files.readAllBytes(lows.get(k)), Files.readAllBytes(highs.get(k)))) {
                differing++;
            }
        }
        assertThat(differing).isPositive();
        assertThat(CorpusSynthesizer.fingerprint(settings.apply(0.0, 0.0)))
                .isNotEqualTo(CorpusSynthesizer.fingerprint(settings.apply(24.0, 24.0)));
        assertThatThrownBy(() -> settings.apply(12.0, 3.0)).hasMessageContaining("--lead-db");
    }
}
