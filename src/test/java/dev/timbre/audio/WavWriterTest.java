package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

    @TempDir
    Path dir;

    @Test
    void sixteenBitRoundTripIsExactForSixteenBitValues() throws IOException {
        Random rnd = new Random(7);
        float[][] x = new float[3][1001];
        for (float[] c : x) {
            for (int i = 0; i < c.length; i++) {
                c[i] = (rnd.nextInt(65536) - 32768) / 32768f;
            }
        }
        x[0][0] = -1f;
        x[1][0] = 32767 / 32768f;
        Path p = dir.resolve("rt.wav");
        WavWriter.write16(p, new AudioClip(x, 22050));

        WavReader.Header h = WavReader.header(p);
        assertThat(h.formatTag()).isEqualTo(1);
        assertThat(h.bitsPerSample()).isEqualTo(16);
        assertThat(h.frames()).isEqualTo(1001);
        assertThat(Files.size(p)).isEqualTo(44 + 3 * 2 * 1001);
        AudioClip back = WavReader.read(p);
        assertThat(back.sampleRate()).isEqualTo(22050);
        for (int k = 0; k < 3; k++) {
            assertThat(back.channels()[k]).containsExactly(x[k]);
        }
    }

    @Test
    void sixteenBitClipsAndRounds() throws IOException {
        float lsb = 1 / 32768f;
        float[] x = {2f, -3f, 1f, -1f, 0.4f * lsb, 0.6f * lsb, -0.6f * lsb, 10.5f * lsb, Float.NaN};
        Path p = dir.resolve("clip.wav");
        WavWriter.write16(p, new AudioClip(new float[][] {x}, 8000));
        assertThat(WavReader.read(p).channels()[0])
                .containsExactly(32767 * lsb, -1f, 32767 * lsb, -1f, 0f, lsb, -lsb, 11 * lsb, 0f);
    }

    @Test
    void float32RoundTripIsExact() throws IOException {
        float[][] x = {{0.1f, -1.5f, 3e-8f, 7f}, {-0f, 0.99999f, -0.3f, 1e-30f}};
        Path p = dir.resolve("f.wav");
        WavWriter.writeFloat32(p, new AudioClip(x, 96000));
        assertThat(WavReader.header(p).formatTag()).isEqualTo(3);
        AudioClip back = WavReader.read(p);
        assertThat(back.sampleRate()).isEqualTo(96000);
        assertThat(back.channels()[0]).containsExactly(x[0]);
        assertThat(back.channels()[1]).containsExactly(x[1]);
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("out.wav");
        Files.writeString(p, "old content");
        WavWriter.write16(p, new AudioClip(new float[][] {{0.5f, -0.5f}}, 8000));
        assertThat(WavReader.read(p).channels()[0]).containsExactly(0.5f, -0.5f);
        try (var s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString()).toList()).containsExactly("out.wav");
        }
    }

    @Test
    void missingDirectoryIsOneClearError() {
        Path p = dir.resolve("no/such/dir/out.wav");
        assertThatThrownBy(() -> WavWriter.write16(p, new AudioClip(new float[][] {{0f}}, 8000)))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("out.wav")
                .hasMessageContaining("cannot create a file in");
    }

    @Test
    void realIrmasClipSurvivesARoundTrip() throws IOException {
        String prop = System.getProperty("timbre.shared");
        assertThat(prop).as("system property timbre.shared").isNotNull();
        Path src = Path.of(prop, "irmas-sample", "IRMAS-TrainingData", "pia", "piano-01.wav");
        assertThat(src).as("IRMAS sample clip").exists();
        AudioClip clip = WavReader.read(src);
        Path p = dir.resolve("copy.wav");
        WavWriter.write16(p, clip);
        AudioClip back = WavReader.read(p);
        assertThat(back.channels()[0]).containsExactly(clip.channels()[0]);
        assertThat(back.channels()[1]).containsExactly(clip.channels()[1]);
    }
}
