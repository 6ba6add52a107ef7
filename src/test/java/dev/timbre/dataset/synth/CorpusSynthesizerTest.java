package dev.timbre.dataset.synth;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavReader;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.dataset.TestingClip;
import dev.timbre.dataset.TrainingClip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusSynthesizerTest {

    @Test
    void tinyCorpusHasTheIrmasLayoutAndIsDeterministic(@TempDir Path dir) throws Exception {
        SynthSettings s = new SynthSettings(11, 2, 3, List.of(), null, 2);
        CorpusSynthesizer.Result r = CorpusSynthesizer.synthesize(s, dir.resolve("a"), (d, t) -> { });
        assertThat(r.alreadyComplete()).isFalse();

        IrmasDataset ds = IrmasDataset.open(dir.resolve("a"));
        assertThat(ds.training()).hasSize(22);
        for (Instrument i : Instrument.ALL) {
            assertThat(ds.training().stream().filter(c -> c.instrument() == i)).hasSize(2);
        }
        for (TrainingClip c : ds.training()) {
            AudioClip clip = WavReader.read(c.file());
            assertThat(clip.frames()).isEqualTo(132_299);
            assertThat(clip.channelCount()).isEqualTo(2);
            assertThat(clip.sampleRate()).isEqualTo(44_100);
            assertThat(peak(clip)).as(c.file().toString()).isGreaterThan(0.05f);
            assertThat(c.drums()).isPresent();
        }
        assertThat(ds.testing()).hasSize(3);
        for (TestingClip c : ds.testing()) {
            AudioClip clip = WavReader.read(c.file());
            assertThat(clip.durationSeconds()).isBetween(5.0, 20.0);
            assertThat(c.labels()).hasSizeBetween(1, 4);
            assertThat(peak(clip)).isGreaterThan(0.05f);
        }
        // Banks that training never uses render the tests, when there are several.
        if (r.heldOut()) {
            assertThat(r.trainBanks()).doesNotContainAnyElementsOf(r.testBanks());
        }

        CorpusSynthesizer.synthesize(s, dir.resolve("b"), (d, t) -> { });
        List<Path> a = files(dir.resolve("a"));
        List<Path> b = files(dir.resolve("b"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(dir.resolve("a").relativize(a.get(i))).isEqualTo(dir.resolve("b").relativize(b.get(i)));
            assertThat(Files.readAllBytes(b.get(i))).as(a.get(i).toString()).isEqualTo(Files.readAllBytes(a.get(i)));
        }
        assertThat(CorpusSynthesizer.synthesize(s, dir.resolve("a"), (d, t) -> { }).alreadyComplete()).isTrue();
    }

    @Test
    void unknownTestBankIsAClearError(@TempDir Path dir) {
        SynthSettings s = new SynthSettings(1, 1, 0, List.of(), "no-such-bank", 1);
        assertThatThrownBy(() -> CorpusSynthesizer.synthesize(s, dir, (d, t) -> { }))
                .hasMessageContaining("no SoundFont named 'no-such-bank'");
        assertThatThrownBy(() -> new SynthSettings(1, 0, 0, List.of(), null, 1))
                .hasMessageContaining("nothing to synthesize");
    }

    @Test
    void aDirectoryHoldingAnotherCorpusIsNeverMixedInto(@TempDir Path dir) throws Exception {
        CorpusSynthesizer.synthesize(new SynthSettings(5, 1, 0, List.of(), null, 2), dir, (d, t) -> { });
        assertThatThrownBy(() -> CorpusSynthesizer.synthesize(new SynthSettings(6, 1, 0, List.of(), null, 2), dir,
                (d, t) -> { }))
                .hasMessageContaining(dir.toString()).hasMessageContaining("other settings");
        // The same settings rendered by an older revision of the renderer are another corpus too.
        Path manifest = dir.resolve(CorpusSynthesizer.MANIFEST);
        String now = Files.readString(manifest);
        assertThat(now).contains("\"rendering\" : " + CorpusSynthesizer.RENDERING + ",");
        Files.writeString(manifest, now.replace("\"rendering\" : " + CorpusSynthesizer.RENDERING + ",",
                "\"rendering\" : 1,"));
        assertThatThrownBy(() -> CorpusSynthesizer.synthesize(new SynthSettings(5, 1, 0, List.of(), null, 2), dir,
                (d, t) -> { })).hasMessageContaining("other settings");
        Files.writeString(manifest, now);
        assertThat(CorpusSynthesizer.synthesize(new SynthSettings(5, 1, 0, List.of(), null, 2), dir, (d, t) -> { })
                .alreadyComplete()).isTrue();
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> CorpusSynthesizer.synthesize(new SynthSettings(6, 1, 0, List.of(), null, 2),
                foreign, (d, t) -> { }))
                .hasMessageContaining("not empty");
        assertThat(CorpusSynthesizer.fingerprint(new SynthSettings(5, 1, 0, List.of(), null, 1)))
                .isEqualTo(CorpusSynthesizer.fingerprint(new SynthSettings(5, 1, 0, List.of(), null, 2)))
                .isNotEqualTo(CorpusSynthesizer.fingerprint(new SynthSettings(6, 1, 0, List.of(), null, 2)));
    }

    static float peak(AudioClip c) {
        float p = 0;
        for (float[] ch : c.channels()) {
            for (float v : ch) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
