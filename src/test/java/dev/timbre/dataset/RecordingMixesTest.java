package dev.timbre.dataset;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class RecordingMixesTest {

    /** A tone per instrument, at very different levels, some shorter than a mix. */
    private static List<TestingClip> recordings(Path dir) throws Exception {
        List<TestingClip> clips = new ArrayList<>();
        Instrument[] insts = {Instrument.CEL, Instrument.FLU, Instrument.SAX, Instrument.VIO};
        for (int i = 0; i < insts.length; i++) {
            int rate = i == 3 ? 16_000 : 44_100;
            int n = (int) (rate * (i % 2 == 0 ? 1.5 : 8.0));
            float[] x = new float[n];
            double hz = 220 * (i + 1);
            double amp = 0.01 * Math.pow(6, i);
            for (int t = 0; t < n; t++) {
                x[t] = (float) (amp * Math.sin(2 * Math.PI * hz * t / rate));
            }
            Path f = dir.resolve(insts[i].code()).resolve("take.wav");
            Files.createDirectories(f.getParent());
            WavWriter.write16(f, new AudioClip(new float[][]{x}, rate));
            clips.add(new TestingClip(f, EnumSet.of(insts[i])));
        }
        return clips;
    }

    @Test
    void mixesAreDeterministicLabelledAndLevelled(@TempDir Path dir) throws Exception {
        List<TestingClip> recs = recordings(dir);
        List<RecordingMixes.Mix> a = RecordingMixes.plan(recs, 20, 6, 7);
        assertThat(RecordingMixes.plan(recs, 20, 6, 7)).isEqualTo(a);
        assertThat(RecordingMixes.plan(recs, 20, 6, 8)).isNotEqualTo(a);
        for (RecordingMixes.Mix m : a) {
            assertThat(m.parts()).hasSizeBetween(2, 3);
            assertThat(m.labels()).hasSize(m.parts().size());
            for (RecordingMixes.Part p : m.parts()) {
                assertThat(p.gainDb()).isBetween(-RecordingMixes.GAIN_DB, RecordingMixes.GAIN_DB);
            }
        }
        RecordingMixes.Mix m = a.get(0);
        AudioClip clip = m.render(44_100);
        assertThat(clip.frames()).isEqualTo(6 * 44_100);
        assertThat(clip.channelCount()).isEqualTo(2);
        assertThat(m.render(44_100).channels()[0]).isEqualTo(clip.channels()[0]);
        // Each part's tone is present at its planned level relative to the others (within 3 dB of each other),
        // although the recordings differ by up to 47 dB.
        double[] levels = new double[m.parts().size()];
        for (int j = 0; j < levels.length; j++) {
            double hz = 220 * (indexOf(m.parts().get(j).instrument()) + 1);
            levels[j] = 20 * Math.log10(amplitude(clip.channels()[0], hz, 44_100));
        }
        for (int j = 1; j < levels.length; j++) {
            double planned = m.parts().get(j).gainDb() - m.parts().get(0).gainDb();
            assertThat(levels[j] - levels[0]).isCloseTo(planned, offset(0.3));
        }
    }

    @Test
    void needsTwoInstruments(@TempDir Path dir) throws Exception {
        List<TestingClip> one = recordings(dir).subList(0, 1);
        assertThatThrownBy(() -> RecordingMixes.plan(one, 3, 6, 1)).hasMessageContaining("at least two");
    }

    private static int indexOf(Instrument i) {
        return List.of(Instrument.CEL, Instrument.FLU, Instrument.SAX, Instrument.VIO).indexOf(i);
    }

    private static double amplitude(float[] x, double hz, int rate) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            double ph = 2 * Math.PI * hz * i / rate;
            re += x[i] * Math.cos(ph);
            im += x[i] * Math.sin(ph);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }
}
