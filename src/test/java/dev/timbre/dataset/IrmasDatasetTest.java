package dev.timbre.dataset;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavReader;
import dev.timbre.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IrmasDatasetTest {

    @Test
    void readsTheRealIrmasSample() throws Exception {
        IrmasDataset ds = IrmasDataset.open(SharedData.irmasSample());
        assertThat(ds.training()).hasSize(103);
        Map<Instrument, Long> perClass = ds.training().stream()
                .collect(Collectors.groupingBy(TrainingClip::instrument, Collectors.counting()));
        assertThat(perClass).containsEntry(Instrument.CEL, 21L).containsEntry(Instrument.CLA, 1L)
                .containsEntry(Instrument.PIA, 20L);
        TrainingClip tagged = ds.training().stream()
                .filter(c -> c.file().getFileName().toString().startsWith("057__")).findFirst().orElseThrow();
        assertThat(tagged.instrument()).isEqualTo(Instrument.FLU);
        assertThat(tagged.drums()).contains(true);
        assertThat(tagged.genre()).contains("cou_fol");
        assertThat(tagged.recording()).isEqualTo("flu/057__[flu][dru][cou_fol]0407");

        assertThat(ds.testing()).hasSize(1);
        assertThat(ds.testing().get(0).labels()).containsExactlyInAnyOrder(Instrument.GEL, Instrument.VOI);

        AudioClip clip = WavReader.read(ds.training().get(0).file());
        assertThat(clip.sampleRate()).isEqualTo(44_100);
        assertThat(clip.channelCount()).isEqualTo(2);
        assertThat(clip.frames()).isEqualTo(132_299);
    }

    @Test
    void parsesIrmasNames() {
        IrmasNames.Parsed a = IrmasNames.parse("[cel][cla]0001__1.wav");
        assertThat(a.recording()).isEqualTo("[cel][cla]0001");
        assertThat(a.drums()).isEmpty();
        assertThat(a.genre()).contains("cla");
        IrmasNames.Parsed b = IrmasNames.parse("008__[cel][nod][cla]0058__3.wav");
        assertThat(b.recording()).isEqualTo("008__[cel][nod][cla]0058");
        assertThat(b.drums()).contains(false);
        assertThat(IrmasNames.parse("cello-01.wav").recording()).isEqualTo("cello-01");
    }

    @Test
    void labelErrorsNameFileAndLine(@TempDir Path root) throws Exception {
        Path part = Files.createDirectories(root.resolve("IRMAS-TestingData-Part2/Part2"));
        Files.write(part.resolve("a.wav"), new byte[]{1});
        Files.writeString(part.resolve("a.txt"), "gel\t\n\nxyz \n");
        assertThatThrownBy(() -> IrmasDataset.open(root)).hasMessageContaining("a.txt:3")
                .hasMessageContaining("unknown instrument code 'xyz'");
        Files.writeString(part.resolve("a.txt"), " pia\t\r\n\tvoi\n");
        assertThat(IrmasDataset.open(root).testing().get(0).labels())
                .containsExactlyInAnyOrder(Instrument.PIA, Instrument.VOI);
        Files.delete(part.resolve("a.txt"));
        assertThatThrownBy(() -> IrmasDataset.open(root)).hasMessageContaining("a.wav: no label file a.txt");
    }

    @Test
    void rootWithoutIrmasPartsIsAClearError(@TempDir Path root) {
        assertThatThrownBy(() -> IrmasDataset.open(root)).hasMessageContaining("not an IRMAS-format root");
        assertThatThrownBy(() -> IrmasDataset.open(root.resolve("nope"))).hasMessageContaining("no such directory");
    }

    @Test
    void splitIsDisjointGroupedStratifiedAndSeeded() {
        List<TrainingClip> clips = new java.util.ArrayList<>();
        for (Instrument in : Instrument.ALL) {
            for (int rec = 0; rec < 12; rec++) {
                for (int ex = 1; ex <= 1 + rec % 3; ex++) {
                    clips.add(new TrainingClip(Path.of(in.code() + rec + "_" + ex + ".wav"), in, in.code() + rec,
                            Optional.empty(), Optional.empty()));
                }
            }
        }
        Split s = Split.grouped(clips, 0.2, 7);
        assertThat(s.train().size() + s.validation().size()).isEqualTo(clips.size());
        Set<String> trainRecs = s.train().stream().map(TrainingClip::recording).collect(Collectors.toSet());
        assertThat(s.validation()).noneMatch(c -> trainRecs.contains(c.recording()));
        for (Instrument in : Instrument.ALL) {
            long v = s.validation().stream().filter(c -> c.instrument() == in).count();
            assertThat(v).as(in.code()).isBetween(3L, 7L); // 24 clips a class, target 4.8
        }
        assertThat(Split.grouped(clips, 0.2, 7)).isEqualTo(s);
        assertThat(Split.grouped(clips, 0.2, 8).validation()).isNotEqualTo(s.validation());
        // one recording only: nothing can be held out without emptying the class
        List<TrainingClip> single = clips.stream().filter(c -> c.recording().equals("cel0")).toList();
        assertThat(Split.grouped(single, 0.5, 1).validation()).isEmpty();
        assertThat(EnumSet.copyOf(s.validation().stream().map(TrainingClip::instrument).toList()))
                .hasSize(Instrument.COUNT);
    }
}
