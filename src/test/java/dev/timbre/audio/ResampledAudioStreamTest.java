package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResampledAudioStreamTest {

    @TempDir
    Path dir;

    @Test
    void streamingResampleEqualsResamplingTheWholeDecode() throws IOException {
        Path p = AudioDecoderTest.fixture("tone-440-880-stereo-44100.ogg");
        AudioClip expected = Resampler.resample(AudioDecoder.read(p), 16000);
        try (AudioStream s = ResampledAudioStream.open(p, 16000)) {
            assertThat(s.sampleRate()).isEqualTo(16000);
            assertThat(s.channels()).isEqualTo(2);
            float[][] got = new float[2][expected.frames() + 100];
            int frames = 0;
            int n;
            while ((n = s.read(got, frames, 777)) > 0) {
                frames += n;
            }
            assertThat(frames).isEqualTo(expected.frames()).isEqualTo(16000);
            assertThat(Arrays.copyOf(got[0], frames)).containsExactly(expected.channels()[0]);
            assertThat(Arrays.copyOf(got[1], frames)).containsExactly(expected.channels()[1]);
        }
    }

    @Test
    void aLongWavIsResampledInWindowsAcrossManySourceBlocks() throws IOException {
        float[] x = Signals.tone(1000, 48000, 48000 * 3, 0.5);
        Path p = dir.resolve("long.wav");
        WavWriter.writeFloat32(p, new AudioClip(new float[][] {x}, 48000));
        float[] expected = Resampler.resample(x, 48000, 44100);
        try (AudioStream s = ResampledAudioStream.open(p, 44100)) {
            float[][] got = new float[1][expected.length];
            int frames = 0;
            int n;
            while (frames < expected.length && (n = s.read(got, frames, Math.min(5000, expected.length - frames))) > 0) {
                frames += n;
            }
            assertThat(s.read(new float[1][10], 0, 10)).isEqualTo(-1);
            assertThat(frames).isEqualTo(132_300);
            assertThat(got[0]).containsExactly(expected);
        }
    }

    @Test
    void sameRateOpensTheSourceItself() throws IOException {
        Path p = AudioDecoderTest.fixture("tone-1000-mono-48000.ogg");
        try (AudioStream s = ResampledAudioStream.open(p, 48000)) {
            assertThat(s).isNotInstanceOf(ResampledAudioStream.class);
            assertThat(s.sampleRate()).isEqualTo(48000);
        }
    }
}
