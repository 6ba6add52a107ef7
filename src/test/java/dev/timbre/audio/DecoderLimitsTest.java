package dev.timbre.audio;

import dev.timbre.testing.FlacBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the decoders refuse or must not do, on files the tests write (no committed audio). */
class DecoderLimitsTest {

    @TempDir
    Path dir;

    private Path wav(String name, int channels, int rate, byte[] samples) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, WavBytes.riff().fmt(WavReader.FORMAT_PCM, channels, rate, 16).data(samples).build());
        return p;
    }

    @ParameterizedTest
    @CsvSource({"2147483647, 1, sample rate is 2147483647 Hz", "-1, 1, sample rate is 4294967295 Hz",
            "999, 1, sample rate is 999 Hz", "44100, 33, channel count is 33", "44100, 0, channel count is 0"})
    void absurdRatesAndChannelCountsAreRefusedAtTheHeaderNamingTheFile(int rate, int channels, String reason)
            throws IOException {
        Path p = wav("odd.wav", channels, rate, new byte[Math.max(2, 2 * channels) * 4]);
        for (ThrowingOpen open : new ThrowingOpen[]{AudioDecoder::read, AudioDecoder::open, WavReader::header}) {
            assertThatThrownBy(() -> open.apply(p)).isInstanceOf(AudioFormatException.class)
                    .hasMessageStartingWith(p + ": ").hasMessageContaining(reason).hasNoCause();
        }
    }

    @Test
    void theRatesAndChannelCountsOfMusicAreAccepted() throws IOException {
        assertThat(AudioDecoder.read(wav("phone.wav", 1, 8_000, new byte[16])).sampleRate()).isEqualTo(8_000);
        assertThat(AudioDecoder.read(wav("dxd.wav", 2, 352_800, new byte[16])).channelCount()).isEqualTo(2);
        assertThat(AudioDecoder.read(wav("surround.wav", 24, 48_000, new byte[48])).channelCount()).isEqualTo(24);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN sample at frame 3 of channel 2", "Infinity, infinite sample at frame 3 of channel 2",
            "-Infinity, infinite sample at frame 3 of channel 2"})
    void nonFiniteSamplesAreAnErrorNamingTheFileWholeOrStreamed(float bad, String reason) throws IOException {
        float[] interleaved = new float[2 * 6];
        interleaved[2 * 3 + 1] = bad;
        Path p = dir.resolve("float.wav");
        Files.write(p, WavBytes.riff().fmt(WavReader.FORMAT_IEEE_FLOAT, 2, 44_100, 32)
                .data(WavBytes.floats(interleaved)).build());
        assertThatThrownBy(() -> AudioDecoder.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ").hasMessageContaining(reason);
        try (AudioStream s = AudioDecoder.open(p)) {
            assertThatThrownBy(() -> s.read(new float[2][16], 0, 16)).isInstanceOf(AudioFormatException.class)
                    .hasMessageContaining(reason);
        }
        Path doubles = dir.resolve("double.wav");
        double[] d = new double[2 * 6];
        d[2 * 3 + 1] = bad;
        Files.write(doubles, WavBytes.riff().fmt(WavReader.FORMAT_IEEE_FLOAT, 2, 44_100, 64)
                .data(WavBytes.doubles(d)).build());
        assertThatThrownBy(() -> AudioDecoder.read(doubles)).hasMessageContaining(reason);
    }

    @Test
    void flacWithEscapeCodedPartitionsDecodesExactlyAndPrintsNothing() throws IOException {
        short[] samples = new short[3 * FlacBytes.BLOCK];
        Random rng = new Random(17);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) rng.nextInt();
        }
        Path p = dir.resolve("escape.flac");
        Files.write(p, FlacBytes.escapeCoded(samples, samples.length));

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AudioClip clip;
        System.setOut(new PrintStream(printed, true));
        try {
            clip = AudioDecoder.read(p);
            System.out.print("the test's own line");
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString()).as("only what the test itself printed").isEqualTo("the test's own line");
        assertThat(clip.frames()).isEqualTo(samples.length);
        for (int i = 0; i < samples.length; i++) {
            assertThat(clip.channels()[0][i]).isEqualTo(samples[i] / 32768f);
        }
    }

    @Test
    void streamsDeclareTheLengthTheirHeaderGives() throws IOException {
        Path flac = dir.resolve("long.flac");
        long thirteenHours = 13L * 3600 * 44_100;
        Files.write(flac, FlacBytes.escapeCoded(new short[FlacBytes.BLOCK], thirteenHours));
        try (AudioStream s = AudioDecoder.open(flac)) {
            assertThat(s.declaredFrames()).isEqualTo(thirteenHours);
        }
        try (AudioStream s = new ResampledAudioStream(AudioDecoder.open(flac), 22_050)) {
            assertThat(s.declaredFrames()).isEqualTo(thirteenHours / 2);
        }
        try (AudioStream s = AudioDecoder.open(wav("short.wav", 2, 44_100, new byte[4 * 100]))) {
            assertThat(s.declaredFrames()).isEqualTo(100);
        }
    }

    @Test
    void randomBytesAreUnrecognisedWhateverTheirName() throws IOException {
        byte[] noise = new byte[48 * 1024];
        new Random(3).nextBytes(noise);
        int headers = 0;
        for (int i = 1; i + 4 <= noise.length; i++) {
            headers += AudioFileFormat.isMpegAudioHeader(noise, noise.length, i) ? 1 : 0;
        }
        assertThat(headers).as("the noise holds MPEG frame headers by chance, as the issue's file did")
                .isPositive();
        noise[0] = 0; // no signature at the start
        Path mp3 = dir.resolve("noise.mp3");
        Path unnamed = dir.resolve("upload-1.audio");
        Files.write(mp3, noise);
        Files.write(unnamed, noise);
        assertThat(AudioDecoder.detect(mp3)).isEmpty();
        assertThat(AudioDecoder.detect(unnamed)).isEmpty();
    }

    @Test
    void aFolderWalkTakesTheNamesTheDecodersOpen() {
        assertThat(AudioFiles.byName(Path.of("a/Song.FLAC"))).isEqualTo(AudioFiles.Kind.AUDIO);
        assertThat(AudioFiles.byName(Path.of("take.oga"))).isEqualTo(AudioFiles.Kind.AUDIO);
        assertThat(AudioFiles.byName(Path.of("side.mp2"))).isEqualTo(AudioFiles.Kind.AUDIO);
        AudioFiles.Kind viaFfmpeg = AudioDecoder.ffmpegAvailable() ? AudioFiles.Kind.AUDIO
                : AudioFiles.Kind.NEEDS_FFMPEG;
        for (String name : new String[]{"voice.opus", "track.m4a", "live.mka", "old.aiff", "x.wma"}) {
            assertThat(AudioFiles.byName(Path.of(name))).as(name).isEqualTo(viaFfmpeg);
        }
        for (String name : new String[]{"cover.jpg", "notes.txt", "album.cue", "README", "._song.mp3"}) {
            assertThat(AudioFiles.byName(Path.of(name))).as(name).isEqualTo(AudioFiles.Kind.NOT_AUDIO);
        }
    }

    @FunctionalInterface
    private interface ThrowingOpen {
        Object apply(Path p) throws IOException;
    }
}
