package dev.timbre.dataset;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelledAudioTest {

    private static void wav(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        WavWriter.write16(file, new AudioClip(new float[][]{new float[441]}, 44_100));
    }

    @Test
    void labelsComeFromTheFolderOrATextFileBeside(@TempDir Path dir) throws Exception {
        wav(dir.resolve("fsd/cel/a.wav"));
        Files.writeString(dir.resolve("fsd/cel/b.flac"), "named like audio");
        wav(dir.resolve("songs/x.wav"));
        Files.writeString(dir.resolve("songs/x.txt"), "gel\t\nvoi\t\n");
        wav(dir.resolve("songs/unknown.wav"));
        Files.writeString(dir.resolve("fsd/cel/notes.md"), "not audio");

        LabelledAudio found = LabelledAudio.scan(dir, false);
        assertThat(found.clips()).extracting(c -> dir.relativize(c.file()).toString())
                .containsExactly("fsd/cel/a.wav", "fsd/cel/b.flac", "songs/x.wav");
        assertThat(found.clips().get(0).labels()).containsExactly(Instrument.CEL);
        assertThat(found.clips().get(2).labels()).isEqualTo(Set.of(Instrument.GEL, Instrument.VOI));
        assertThat(found.unlabelled()).containsExactly(dir.resolve("songs/unknown.wav"));
        assertThat(found.classes()).containsExactlyInAnyOrder(Instrument.CEL, Instrument.GEL, Instrument.VOI);
    }

    @Test
    void anIrmasRootGivesItsTestingClipsAndItsTrainingClipsWhenAsked(@TempDir Path dir) throws Exception {
        wav(dir.resolve("IRMAS-TrainingData/flu/[flu][cla]0001__1.wav"));
        Path test = dir.resolve("IRMAS-TestingData-Part1/Part1/song-1.wav");
        wav(test);
        Files.writeString(dir.resolve("IRMAS-TestingData-Part1/Part1/song-1.txt"), "pia\t\n");

        assertThat(LabelledAudio.scan(dir, false).clips()).extracting(TestingClip::file).containsExactly(test);
        LabelledAudio both = LabelledAudio.scan(dir, true);
        assertThat(both.clips()).hasSize(2);
        assertThat(both.classes()).containsExactlyInAnyOrder(Instrument.FLU, Instrument.PIA);
    }

    @Test
    void aBadLabelFileIsNamed(@TempDir Path dir) throws Exception {
        wav(dir.resolve("x.wav"));
        Files.writeString(dir.resolve("x.txt"), "kazoo\n");
        assertThatThrownBy(() -> LabelledAudio.scan(dir, false)).hasMessageContaining("x.txt:1")
                .hasMessageContaining("kazoo");
        assertThatThrownBy(() -> LabelledAudio.scan(dir.resolve("nope"), false))
                .hasMessageContaining("no such directory");
    }
}
