package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixtures in src/test/resources/audio were made with SoX 14.4.2 ({@code sox -D -n ... synth D sine F [sine F2]
 * gain -6}: left F, right F2), then flac 1.4.2 ({@code -8 --no-padding}), LAME 3.100 ({@code -b 64 -m m} and
 * {@code -b 128 -m s}), oggenc 1.4.2 ({@code -q 0}) and, for the m4a, ffmpeg 5.1 ({@code -c:a aac -b:a 32k}).
 */
class AudioDecoderTest {

    /** -6 dB */
    private static final double AMPLITUDE = Math.pow(10, -6 / 20.0);

    @TempDir
    Path dir;

    static Path fixture(String name) {
        URL url = AudioDecoderTest.class.getResource("/audio/" + name);
        assertThat(url).as("test fixture %s", name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A decoded test tone: its rate, its length and, per channel, the frequency that peaks. */
    static void assertTone(AudioClip clip, int sampleRate, int frames, double... hz) {
        assertThat(clip.sampleRate()).isEqualTo(sampleRate);
        assertThat(clip.channelCount()).isEqualTo(hz.length);
        assertThat(clip.frames()).isEqualTo(frames);
        for (int c = 0; c < hz.length; c++) {
            assertThat(peakHz(clip, c)).as("channel %d", c).isEqualTo(hz[c]);
        }
    }

    /** The frequency, on a 5 Hz grid over [200, 2000] Hz, where the channel's spectrum peaks. */
    static double peakHz(AudioClip clip, int channel) {
        float[] x = clip.channels()[channel];
        int margin = clip.sampleRate() / 20;
        double best = -1;
        double bestHz = 0;
        for (double hz = 200; hz <= 2000; hz += 5) {
            double a = Signals.amplitudeAt(x, margin, x.length - margin, hz, clip.sampleRate());
            if (a > best) {
                best = a;
                bestHz = hz;
            }
        }
        return bestHz;
    }

    static double amplitude(AudioClip clip, int channel, double hz) {
        float[] x = clip.channels()[channel];
        int margin = clip.sampleRate() / 20;
        return Signals.amplitudeAt(x, margin, x.length - margin, hz, clip.sampleRate());
    }

    // ---- each format decodes to the right rate, channels, length and tone ----

    @Test
    void flacStereoIsLosslessLength() throws IOException {
        Path p = fixture("tone-440-880-stereo-44100.flac");
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.FLAC);
        AudioClip clip = AudioDecoder.read(p);
        assertTone(clip, 44100, 22050, 440.0, 880.0);
        assertThat(amplitude(clip, 0, 440)).isCloseTo(AMPLITUDE, within(2e-3));
        assertThat(amplitude(clip, 1, 880)).isCloseTo(AMPLITUDE, within(2e-3));
        // 16-bit samples come out as multiples of 2^-15
        for (float v : clip.channels()[0]) {
            assertThat(v * 32768f).isEqualTo((float) Math.rint(v * 32768f));
        }
    }

    @Test
    void flacTwentyFourBitMono() throws IOException {
        AudioClip clip = AudioDecoder.read(fixture("tone-1000-mono-48000-24bit.flac"));
        assertTone(clip, 48000, 12000, 1000.0);
        assertThat(amplitude(clip, 0, 1000)).isCloseTo(AMPLITUDE, within(2e-3));
    }

    @Test
    void mp3Mono() throws IOException {
        Path p = fixture("tone-440-mono-44100.mp3");
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.MP3);
        AudioClip clip = AudioDecoder.read(p);
        // LAME's gapless tag gives the exact source length (the Info frame, 576 + 529 delay and padding cut).
        assertTone(clip, 44100, 44100, 440.0);
        assertThat(amplitude(clip, 0, 440)).isCloseTo(AMPLITUDE, within(0.05));
    }

    @Test
    void mp3StereoKeepsChannelOrder() throws IOException {
        AudioClip clip = AudioDecoder.read(fixture("tone-440-880-stereo-44100.mp3"));
        assertTone(clip, 44100, 44100, 440.0, 880.0);
        assertThat(amplitude(clip, 0, 440)).isCloseTo(AMPLITUDE, within(0.05));
    }

    @Test
    void lameGaplessTagIsRead() throws IOException {
        byte[] head = Files.readAllBytes(fixture("tone-440-mono-44100.mp3"));
        // LAME 3.100 wrote encoder delay 576 and padding 1404 over 40 audio frames: 40 * 1152 - 576 - 1404 = 44100.
        assertThat(Mp3Stream.gapless(head)).isEqualTo(new Mp3Stream.Gapless(1152 + 576 + 529, 44100));
        assertThat(Mp3Stream.gapless(Arrays.copyOf(head, 20))).isNull();
        assertThat(Mp3Stream.gapless("plain text, no frames".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void oggVorbisStereoIsTrimmedToItsExactLength() throws IOException {
        Path p = fixture("tone-440-880-stereo-44100.ogg");
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.OGG_VORBIS);
        AudioClip clip = AudioDecoder.read(p);
        assertTone(clip, 44100, 44100, 440.0, 880.0);
        assertThat(amplitude(clip, 0, 440)).isCloseTo(AMPLITUDE, within(0.05));
    }

    @Test
    void oggVorbisMono48k() throws IOException {
        AudioClip clip = AudioDecoder.read(fixture("tone-1000-mono-48000.ogg"));
        assertTone(clip, 48000, 24000, 1000.0);
    }

    @Test
    void wavGoesThroughWavReader() throws IOException {
        float[][] x = {Signals.tone(440, 22050, 2205, 0.5), Signals.tone(660, 22050, 2205, 0.25)};
        Path p = dir.resolve("tone.wav");
        WavWriter.write16(p, new AudioClip(x, 22050));
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.WAV);
        AudioClip viaDecoder = AudioDecoder.read(p);
        AudioClip direct = WavReader.read(p);
        assertThat(viaDecoder.sampleRate()).isEqualTo(22050);
        assertThat(viaDecoder.channels()[0]).containsExactly(direct.channels()[0]);
        assertThat(viaDecoder.channels()[1]).containsExactly(direct.channels()[1]);
    }

    @Test
    void contentWinsOverAMisleadingExtension() throws IOException {
        Path p = dir.resolve("actually-flac.mp3");
        Files.copy(fixture("tone-440-880-stereo-44100.flac"), p);
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.FLAC);
        assertThat(AudioDecoder.read(p).frames()).isEqualTo(22050);
    }

    @Test
    void anMp3CutShortOfItsInfoFrameReadsToItsEndWithAWarning() throws IOException {
        byte[] mp3 = Files.readAllBytes(fixture("tone-440-mono-44100.mp3"));
        Path cut = dir.resolve("cut.mp3");
        Files.write(cut, Arrays.copyOf(mp3, mp3.length / 2));
        try (AudioStream whole = AudioDecoder.open(fixture("tone-440-mono-44100.mp3"))) {
            readToEnd(whole);
            assertThat(whole.warnings()).isEmpty();
        }
        try (AudioStream half = AudioDecoder.open(cut)) {
            long frames = readToEnd(half);
            assertThat(frames).isBetween(44100L / 4, 44100L * 3 / 4);
            assertThat(half.warnings()).singleElement().asString()
                    .contains("declares 1.000 s of audio, the file holds " + String.format(java.util.Locale.ROOT,
                            "%.3f s", frames / 44100.0)).contains("cut short");
        }
    }

    private static long readToEnd(AudioStream s) throws IOException {
        float[][] buf = new float[s.channels()][4096];
        long total = 0;
        for (int n; (n = s.read(buf, 0, 4096)) >= 0; ) {
            total += n;
        }
        return total;
    }

    @Test
    void mp3BehindAnId3v2TagIsRecognised() throws IOException {
        byte[] mp3 = Files.readAllBytes(fixture("tone-440-mono-44100.mp3"));
        byte[] tag = new byte[10 + 300];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 3;
        tag[8] = (byte) (300 >> 7);
        tag[9] = (byte) (300 & 0x7F);
        Path p = dir.resolve("tagged.mp3");
        Files.write(p, concat(tag, mp3));
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.MP3);
        assertThat(AudioDecoder.read(p).channels()[0])
                .containsExactly(AudioDecoder.read(fixture("tone-440-mono-44100.mp3")).channels()[0]);
    }

    @Test
    void flacBehindAnId3v2TagIsRecognised() throws IOException {
        byte[] tag = new byte[10 + 300];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 3;
        tag[8] = (byte) (300 >> 7);
        tag[9] = (byte) (300 & 0x7F);
        Path p = dir.resolve("tagged.flac");
        Files.write(p, concat(tag, Files.readAllBytes(fixture("tone-440-880-stereo-44100.flac"))));
        assertThat(AudioDecoder.detect(p)).contains(AudioFileFormat.FLAC);
        assertThat(AudioDecoder.read(p).channels()[1])
                .containsExactly(AudioDecoder.read(fixture("tone-440-880-stereo-44100.flac")).channels()[1]);
    }

    @Test
    void mp3WithJunkBeforeTheFirstFrameNeedsItsExtensionWhereFfmpegCanJudgeIt() throws IOException {
        byte[] mp3 = Files.readAllBytes(fixture("tone-440-mono-44100.mp3"));
        byte[] junked = concat("junk".getBytes(StandardCharsets.US_ASCII), mp3);
        Path withExt = dir.resolve("junk.mp3");
        Path withoutExt = dir.resolve("junk.bin");
        Files.write(withExt, junked);
        Files.write(withoutExt, junked);
        assertThat(AudioDecoder.detect(withExt)).contains(AudioFileFormat.MP3);
        // Unnamed, it goes to ffmpeg when there is one; without ffmpeg the frames in a row decide.
        assertThat(AudioDecoder.detect(withoutExt).isPresent()).isEqualTo(!AudioDecoder.ffmpegAvailable());
        assertThat(AudioDecoder.read(withExt).frames()).isEqualTo(44100);
    }

    @Test
    void oggOpusIsNotTakenForVorbis() throws IOException {
        byte[] page = Files.readAllBytes(fixture("tone-1000-mono-48000.ogg"));
        int bodyAt = 27 + (page[26] & 0xFF);
        byte[] opus = Arrays.copyOf(page, 200);
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, opus, bodyAt, 8);
        Path p = dir.resolve("fake.opus");
        Files.write(p, opus);
        assertThat(AudioDecoder.detect(p)).isEmpty();
    }

    // ---- streaming ----

    @ParameterizedTest
    @ValueSource(strings = {"tone-440-880-stereo-44100.flac", "tone-1000-mono-48000-24bit.flac",
            "tone-440-mono-44100.mp3", "tone-440-880-stereo-44100.mp3", "tone-440-880-stereo-44100.ogg",
            "tone-1000-mono-48000.ogg"})
    void streamingInOddBlocksGivesTheWholeDecode(String name) throws IOException {
        Path p = fixture(name);
        AudioClip whole = AudioDecoder.read(p);
        Random rnd = new Random(name.hashCode());
        try (AudioStream s = AudioDecoder.open(p)) {
            assertThat(s.sampleRate()).isEqualTo(whole.sampleRate());
            assertThat(s.channels()).isEqualTo(whole.channelCount());
            float[][] got = new float[s.channels()][whole.frames() + 10];
            int frames = 0;
            while (true) {
                int n = s.read(got, frames, Math.min(1 + rnd.nextInt(3000), got[0].length - frames));
                if (n < 0) {
                    break;
                }
                frames += n;
            }
            assertThat(frames).isEqualTo(whole.frames());
            assertThat(s.read(got, 0, 10)).isEqualTo(-1);
            for (int k = 0; k < s.channels(); k++) {
                assertThat(Arrays.copyOf(got[k], frames)).containsExactly(whole.channels()[k]);
            }
        }
    }

    @Test
    void wavStreamsToo() throws IOException {
        Path p = dir.resolve("long.wav");
        WavWriter.writeFloat32(p, new AudioClip(new float[][] {Signals.tone(100, 8000, 40000, 0.5)}, 8000));
        try (AudioStream s = AudioDecoder.open(p)) {
            float[][] buf = new float[1][30000];
            assertThat(s.read(buf, 0, 30000)).isEqualTo(30000);
            assertThat(s.read(buf, 0, 30000)).isEqualTo(10000);
            assertThat(s.read(buf, 0, 30000)).isEqualTo(-1);
        }
    }

    // ---- errors ----

    private static void assertAudioFormatError(Path p, String reason) {
        assertThatThrownBy(() -> AudioDecoder.read(p))
                .isExactlyInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining(reason);
    }

    private static void assertUnsupported(Path p) {
        assertThatThrownBy(() -> AudioDecoder.read(p))
                .isExactlyInstanceOf(UnsupportedAudioFormatException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining("unrecognised audio format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "notes.mp3", "notes.wav", "notes.flac", "notes"})
    void aTextFileIsUnsupportedWhateverItsName(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "These are not the sounds you are looking for.\n".repeat(20));
        assertUnsupported(p);
        assertThat(AudioDecoder.detect(p)).isEmpty();
    }

    @Test
    void randomBytesAreUnsupported() throws IOException {
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        noise[0] = 0x12; // keep clear of any signature
        Path p = dir.resolve("noise.bin");
        Files.write(p, noise);
        assertUnsupported(p);
    }

    @Test
    void aFormatOnlyFfmpegKnowsNeedsFfmpeg() throws IOException {
        Path p = fixture("tone-440-mono-44100.m4a");
        assertThat(AudioDecoder.detect(p)).isEmpty();
        if (FfmpegStream.available()) {
            AudioClip clip = AudioDecoder.read(p);
            assertThat(clip.sampleRate()).isEqualTo(44100);
            assertThat(clip.channelCount()).isEqualTo(1);
            assertThat(clip.frames()).isBetween(22050, 22050 + 3 * 1024);
            assertThat(peakHz(clip, 0)).isEqualTo(440.0);
        } else {
            assertUnsupported(p);
        }
    }

    @Test
    void aWavCodecWithoutJavaDecoderNeedsFfmpeg() throws IOException {
        // 8-bit mu-law, 8 kHz mono: 0xFF is mu-law's zero, so this is a short silence.
        byte[] samples = new byte[800];
        Arrays.fill(samples, (byte) 0xFF);
        Path p = dir.resolve("ulaw.wav");
        Files.write(p, WavBytes.riff().fmt(7, 1, 8000, 8).data(samples).build());
        if (FfmpegStream.available()) {
            AudioClip clip = AudioDecoder.read(p);
            assertThat(clip.sampleRate()).isEqualTo(8000);
            assertThat(clip.frames()).isEqualTo(800);
            for (float v : clip.channels()[0]) {
                assertThat(Math.abs(v)).isLessThan(1e-3f);
            }
        } else {
            assertThatThrownBy(() -> AudioDecoder.read(p))
                    .isExactlyInstanceOf(UnsupportedAudioFormatException.class)
                    .hasMessageContaining("unsupported codec: mu-law");
        }
    }

    @Test
    void missingFile() {
        assertAudioFormatError(dir.resolve("gone.flac"), "no such file");
    }

    @Test
    void directory() {
        assertAudioFormatError(dir, "is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        Path p = dir.resolve("empty.ogg");
        Files.write(p, new byte[0]);
        assertAudioFormatError(p, "empty file");
    }

    @Test
    void truncatedFlac() throws IOException {
        assertAudioFormatError(cut("tone-440-880-stereo-44100.flac", 0.5), "truncated FLAC data");
    }

    @Test
    void flacCutInsideItsHeader() throws IOException {
        assertAudioFormatError(cutBytes("tone-440-880-stereo-44100.flac", 30), "FLAC header");
    }

    @Test
    void corruptFlac() throws IOException {
        // jFLAC either reports a bad frame or fails inside; both become one clean message.
        assertAudioFormatError(corrupt("tone-440-880-stereo-44100.flac"), "corrupt");
    }

    @Test
    void truncatedOggVorbis() throws IOException {
        assertAudioFormatError(cut("tone-440-880-stereo-44100.ogg", 0.9), "truncated Ogg Vorbis stream");
    }

    @Test
    void oggVorbisCutInsideItsHeaders() throws IOException {
        assertAudioFormatError(cut("tone-440-880-stereo-44100.ogg", 0.3), "truncated Vorbis headers");
        assertAudioFormatError(cutBytes("tone-440-880-stereo-44100.ogg", 30), "no Ogg page found");
    }

    @Test
    void corruptOggVorbis() throws IOException {
        assertAudioFormatError(corrupt("tone-440-880-stereo-44100.ogg"), "corrupt Ogg data");
    }

    @Test
    void mp3CutInsideItsFirstFrame() throws IOException {
        assertAudioFormatError(cutBytes("tone-440-mono-44100.mp3", 30), "no MPEG audio frames");
    }

    @Test
    void truncatedMp3DecodesTheFramesPresent() throws IOException {
        // MPEG audio has no length field: like a truncated WAV, the whole frames present are decoded.
        AudioClip clip = AudioDecoder.read(cut("tone-440-mono-44100.mp3", 0.5));
        assertThat(clip.frames()).isBetween(1152 * 15, 1152 * 25);
        assertThat(peakHz(clip, 0)).isEqualTo(440.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tone-440-880-stereo-44100.flac", "tone-1000-mono-48000-24bit.flac",
            "tone-440-mono-44100.mp3", "tone-440-880-stereo-44100.ogg"})
    void everyPrefixOrDamageGivesAClipOrAnAudioFormatExceptionAndNothingElse(String name) throws IOException {
        byte[] full = Files.readAllBytes(fixture(name));
        Random rnd = new Random(name.hashCode());
        for (int trial = 0; trial < 40; trial++) {
            byte[] b = trial % 2 == 0 ? Arrays.copyOf(full, rnd.nextInt(full.length)) : full.clone();
            if (trial % 2 == 1) {
                int at = 8 + rnd.nextInt(full.length - 8);
                for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(64)); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            Path p = dir.resolve("trial" + trial + "-" + name);
            Files.write(p, b);
            try {
                AudioClip clip = AudioDecoder.read(p);
                assertThat(clip.frames()).isPositive();
            } catch (AudioFormatException e) {
                assertThat(e.getMessage()).as("trial %d", trial).startsWith(p + ": ")
                        .doesNotContain("Exception");
            }
        }
    }

    private Path cut(String name, double fraction) throws IOException {
        byte[] full = Files.readAllBytes(fixture(name));
        return write("cut-" + name, Arrays.copyOf(full, (int) (full.length * fraction)));
    }

    private Path cutBytes(String name, int length) throws IOException {
        return write("head-" + name, Arrays.copyOf(Files.readAllBytes(fixture(name)), length));
    }

    /** 200 random bytes written over the file from 60% of its length. */
    private Path corrupt(String name) throws IOException {
        byte[] b = Files.readAllBytes(fixture(name));
        Random rnd = new Random(3);
        int at = b.length * 6 / 10;
        for (int i = at; i < at + 200; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return write("corrupt-" + name, b);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void unsupportedIsAnAudioFormatException() {
        assertThat(new UnsupportedAudioFormatException(Path.of("x.aiff"), "unrecognised audio format"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("x.aiff: unrecognised audio format");
        assertThat(Optional.of(AudioFileFormat.MP3)).isEqualTo(AudioFileFormat.fromExtension("Song.MP3"));
    }
}
