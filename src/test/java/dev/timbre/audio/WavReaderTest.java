package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WavReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void pcm16SpanningSeveralReadBlocksDecodesExactlyWholeAndInParts() throws IOException {
        int frames = 40_000; // 160,000 bytes: three of the reader's 64 KiB blocks
        long[] samples = new long[2 * frames];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i * 7919L) % 65536 - 32768;
        }
        Path p = file("long16.wav", WavBytes.riff().fmt(1, 2, 44100, 16).data(WavBytes.ints(2, samples)).build());
        AudioClip clip = WavReader.read(p);
        for (int f = 0; f < frames; f++) {
            assertThat(clip.channels()[0][f]).isEqualTo(samples[2 * f] / 32768f);
            assertThat(clip.channels()[1][f]).isEqualTo(samples[2 * f + 1] / 32768f);
        }
        try (FileChannel ch = FileChannel.open(p)) {
            WavReader.Header h = WavReader.header(ch, p);
            AudioClip part = WavReader.readFrames(p, ch, h, 16_383, 20_001);
            for (int f = 0; f < 20_001; f++) {
                assertThat(part.channels()[1][f]).isEqualTo(samples[2 * (16_383 + f) + 1] / 32768f);
            }
        }
    }

    @Test
    void pcm8IsUnsignedAroundMidpoint128() throws IOException {
        Path p = file("u8.wav", WavBytes.riff().fmt(1, 1, 8000, 8).data(WavBytes.ints(1, 0, 128, 255, 64)).build());
        AudioClip clip = WavReader.read(p);
        assertThat(clip.sampleRate()).isEqualTo(8000);
        assertThat(clip.channels()[0]).containsExactly(-1f, 0f, 127 / 128f, -0.5f);
    }

    @Test
    void pcm16StereoIsDeinterleavedAndScaledBy32768() throws IOException {
        Path p = file("s16.wav", WavBytes.riff().fmt(1, 2, 44100, 16)
                .data(WavBytes.ints(2, -32768, 32767, 16384, -1)).build());
        AudioClip clip = WavReader.read(p);
        assertThat(clip.channelCount()).isEqualTo(2);
        assertThat(clip.channels()[0]).containsExactly(-1f, 0.5f);
        assertThat(clip.channels()[1]).containsExactly(32767 / 32768f, -1 / 32768f);
    }

    @Test
    void pcm24IsSignExtended() throws IOException {
        Path p = file("s24.wav", WavBytes.riff().fmt(1, 1, 48000, 24)
                .data(WavBytes.ints(3, -8388608, 8388607, 4194304, -1)).build());
        assertThat(WavReader.read(p).channels()[0])
                .containsExactly(-1f, 8388607 / 8388608f, 0.5f, -1 / 8388608f);
    }

    @Test
    void pcm32IsScaledBy2To31() throws IOException {
        Path p = file("s32.wav", WavBytes.riff().fmt(1, 1, 96000, 32)
                .data(WavBytes.ints(4, Integer.MIN_VALUE, 1 << 30, -(1 << 29))).build());
        AudioClip clip = WavReader.read(p);
        assertThat(clip.sampleRate()).isEqualTo(96000);
        assertThat(clip.channels()[0]).containsExactly(-1f, 0.5f, -0.25f);
    }

    @Test
    void float32IsReadUnchangedEvenOutsideUnitRange() throws IOException {
        Path p = file("f32.wav", WavBytes.riff().fmt(3, 1, 22050, 32)
                .data(WavBytes.floats(0.1f, -1.5f, 2.25f)).build());
        assertThat(WavReader.read(p).channels()[0]).containsExactly(0.1f, -1.5f, 2.25f);
    }

    @Test
    void float64IsNarrowedToFloat() throws IOException {
        Path p = file("f64.wav", WavBytes.riff().fmt(3, 2, 16000, 64)
                .data(WavBytes.doubles(0.1, -0.2, 0.3, -0.4)).build());
        AudioClip clip = WavReader.read(p);
        assertThat(clip.channels()[0]).containsExactly(0.1f, 0.3f);
        assertThat(clip.channels()[1]).containsExactly(-0.2f, -0.4f);
    }

    @Test
    void extensiblePcmUsesTheSubFormat() throws IOException {
        Path p = file("ext-pcm.wav", WavBytes.riff().fmtExtensible(1, 2, 44100, 24)
                .data(WavBytes.ints(3, 4194304, -4194304)).build());
        AudioClip clip = WavReader.read(p);
        assertThat(WavReader.header(p).formatTag()).isEqualTo(1);
        assertThat(clip.channels()[0]).containsExactly(0.5f);
        assertThat(clip.channels()[1]).containsExactly(-0.5f);
    }

    @Test
    void extensibleFloatUsesTheSubFormat() throws IOException {
        Path p = file("ext-float.wav", WavBytes.riff().fmtExtensible(3, 1, 44100, 32)
                .data(WavBytes.floats(0.75f, -0.125f)).build());
        assertThat(WavReader.header(p).formatTag()).isEqualTo(3);
        assertThat(WavReader.read(p).channels()[0]).containsExactly(0.75f, -0.125f);
    }

    @Test
    void sixChannelsKeepTheirOrder() throws IOException {
        long[] interleaved = new long[6 * 3];
        for (int f = 0; f < 3; f++) {
            for (int k = 0; k < 6; k++) {
                interleaved[f * 6 + k] = (k + 1) * 1024L * (f % 2 == 0 ? 1 : -1);
            }
        }
        Path p = file("5.1.wav", WavBytes.riff().fmtExtensible(1, 6, 48000, 16)
                .data(WavBytes.ints(2, interleaved)).build());
        AudioClip clip = WavReader.read(p);
        assertThat(clip.channelCount()).isEqualTo(6);
        assertThat(clip.frames()).isEqualTo(3);
        for (int k = 0; k < 6; k++) {
            float v = (k + 1) * 1024 / 32768f;
            assertThat(clip.channels()[k]).as("channel %d", k).containsExactly(v, -v, v);
        }
    }

    @Test
    void oddSizedUnknownChunkIsSkippedWithItsPadByte() throws IOException {
        Path p = file("padded.wav", WavBytes.riff().fmt(1, 1, 8000, 16)
                .chunk("junk", new byte[] {1, 2, 3})
                .chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'})
                .data(WavBytes.ints(2, 100, -100)).build());
        assertThat(WavReader.read(p).channels()[0]).containsExactly(100 / 32768f, -100 / 32768f);
    }

    @Test
    void chunksBeforeTheFormatChunkAreSkipped() throws IOException {
        Path p = file("bext-first.wav", WavBytes.riff().chunk("bext", new byte[7]).fmt(1, 1, 8000, 16)
                .data(WavBytes.ints(2, 1, 2)).build());
        assertThat(WavReader.read(p).frames()).isEqualTo(2);
    }

    @Test
    void truncatedDataYieldsTheWholeFramesPresent() throws IOException {
        // Claims 100 frames of 16-bit stereo; 2 whole frames and half of a third follow.
        byte[] present = WavBytes.ints(2, 1000, -1000, 2000, -2000, 3000);
        Path p = file("truncated.wav", WavBytes.riff().fmt(1, 2, 44100, 16).dataClaiming(400, present).build());
        assertThat(WavReader.header(p).frames()).isEqualTo(2);
        AudioClip clip = WavReader.read(p);
        assertThat(clip.channels()[0]).containsExactly(1000 / 32768f, 2000 / 32768f);
        assertThat(clip.channels()[1]).containsExactly(-1000 / 32768f, -2000 / 32768f);
    }

    @Test
    void streamingSizeFieldIsTreatedAsUnsigned() throws IOException {
        Path p = file("streamed.wav", WavBytes.riff().fmt(1, 1, 8000, 16)
                .dataClaiming(0xFFFFFFFF, WavBytes.ints(2, 5, 6, 7)).build());
        assertThat(WavReader.read(p).frames()).isEqualTo(3);
    }

    @Test
    void readFramesStreamsWindowsThatConcatenateToTheWholeFile() throws IOException {
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 2000 - 1000;
        }
        Path p = file("long.wav", WavBytes.riff().fmt(1, 2, 8000, 16).data(WavBytes.ints(2, values)).build());
        AudioClip whole = WavReader.read(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            WavReader.Header h = WavReader.header(ch, p);
            assertThat(h.frames()).isEqualTo(500);
            float[] left = new float[0];
            for (long first = 0; first < h.frames(); first += 123) {
                AudioClip part = WavReader.readFrames(p, ch, h, first, 123);
                int from = left.length;
                left = Arrays.copyOf(left, from + part.frames());
                System.arraycopy(part.channels()[0], 0, left, from, part.frames());
            }
            assertThat(left).containsExactly(whole.channels()[0]);
            assertThat(WavReader.readFrames(p, ch, h, 500, 10).frames()).isZero();
            assertThatThrownBy(() -> WavReader.readFrames(p, ch, h, 0, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- error paths: one AudioFormatException naming the file and the reason, nothing else ----

    private void assertFails(Path p, String reason) {
        assertFails(p, reason, AudioFormatException.class);
    }

    private void assertUnsupported(Path p, String reason) {
        assertFails(p, reason, UnsupportedAudioFormatException.class);
    }

    private void assertFails(Path p, String reason, Class<? extends AudioFormatException> type) {
        assertThatThrownBy(() -> WavReader.read(p))
                .isExactlyInstanceOf(type)
                .hasMessageContaining(p.getFileName().toString())
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((AudioFormatException) e).reason()).contains(reason));
    }

    @Test
    void missingFile() {
        assertFails(dir.resolve("nowhere.wav"), "no such file");
    }

    @Test
    void directory() {
        assertFails(dir, "is a directory");
    }

    @Test
    void notRiff() throws IOException {
        assertFails(file("text.wav", "hello, this is not a wave file at all".getBytes()), "not a RIFF/WAVE file");
    }

    @Test
    void rf64IsNamed() throws IOException {
        byte[] b = WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[4]).build();
        b[0] = 'R';
        b[1] = 'F';
        b[2] = '6';
        b[3] = '4';
        assertUnsupported(file("big.wav", b), "RF64");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 11})
    void emptyOrShorterThanRiffHeader(int length) throws IOException {
        byte[] b = Arrays.copyOf(WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[4]).build(), length);
        assertFails(file("short" + length + ".wav", b), "shorter than a RIFF header");
    }

    @Test
    void riffHeaderOnly() throws IOException {
        assertFails(file("bare.wav", WavBytes.riff().build()), "no format chunk");
    }

    @Test
    void zeroFrames() throws IOException {
        assertFails(file("empty.wav", WavBytes.riff().fmt(1, 2, 44100, 16).data(new byte[0]).build()),
                "no audio frames");
    }

    @Test
    void lessThanOneFrame() throws IOException {
        assertFails(file("partial.wav", WavBytes.riff().fmt(1, 2, 44100, 24).data(new byte[5]).build()),
                "no audio frames");
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 20, 24, 30, 35})
    void formatChunkCutOff(int length) throws IOException {
        byte[] b = Arrays.copyOf(WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[4]).build(), length);
        assertThatThrownBy(() -> WavReader.read(file("cut" + length + ".wav", b)))
                .isExactlyInstanceOf(AudioFormatException.class)
                .hasMessageContaining("cut" + length + ".wav")
                .hasMessageMatching(".*(truncated format chunk|no format chunk).*");
    }

    @Test
    void extensibleFormatChunkCutOff() throws IOException {
        byte[] full = WavBytes.riff().fmtExtensible(1, 2, 44100, 16).build();
        assertFails(file("ext-cut.wav", Arrays.copyOf(full, 12 + 8 + 20)), "truncated");
    }

    @Test
    void formatChunkShorterThan16Bytes() throws IOException {
        assertFails(file("tiny-fmt.wav", WavBytes.riff().chunk("fmt ", new byte[10]).data(new byte[4]).build()),
                "truncated format chunk");
    }

    @Test
    void noDataChunk() throws IOException {
        assertFails(file("nodata.wav", WavBytes.riff().fmt(1, 1, 8000, 16).build()), "no data chunk");
    }

    @Test
    void dataBeforeFormat() throws IOException {
        assertFails(file("order.wav", WavBytes.riff().data(new byte[4]).fmt(1, 1, 8000, 16).build()),
                "data chunk before format chunk");
    }

    @Test
    void msAdpcm() throws IOException {
        assertUnsupported(file("adpcm.wav", WavBytes.riff().fmt(2, 1, 8000, 4).data(new byte[256]).build()),
                "unsupported codec: MS ADPCM");
    }

    @Test
    void muLaw() throws IOException {
        assertUnsupported(file("ulaw.wav", WavBytes.riff().fmt(7, 1, 8000, 8).data(new byte[16]).build()),
                "unsupported codec: mu-law");
    }

    @Test
    void twelveBitPcm() throws IOException {
        assertUnsupported(file("12bit.wav", WavBytes.riff().fmt(1, 1, 8000, 12).data(new byte[16]).build()),
                "unsupported codec: 12-bit PCM");
    }

    @Test
    void sixteenBitFloat() throws IOException {
        assertUnsupported(file("f16.wav", WavBytes.riff().fmt(3, 1, 8000, 16).data(new byte[16]).build()),
                "unsupported codec: 16-bit float");
    }

    @Test
    void extensibleWithUnsupportedSubFormat() throws IOException {
        assertUnsupported(file("ext-alaw.wav", WavBytes.riff().fmtExtensible(6, 1, 8000, 8).data(new byte[16]).build()),
                "unsupported codec: A-law");
    }

    @Test
    void zeroChannels() throws IOException {
        assertFails(file("nochan.wav", WavBytes.riff().fmt(1, 0, 8000, 16).data(new byte[16]).build()),
                "channel count is 0");
    }

    @Test
    void zeroSampleRate() throws IOException {
        assertFails(file("norate.wav", WavBytes.riff().fmt(1, 1, 0, 16).data(new byte[16]).build()),
                "sample rate is 0");
    }

    @Test
    void inconsistentBlockAlign() throws IOException {
        byte[] fmt = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) 2).putInt(8000).putInt(32000)
                .putShort((short) 3).putShort((short) 16).array();
        assertFails(file("align.wav", WavBytes.riff().chunk("fmt ", fmt).data(new byte[16]).build()),
                "block align 3");
    }

    @Test
    void randomPrefixesOfAValidFileNeverThrowAnythingButAudioFormatException() throws IOException {
        byte[] full = WavBytes.riff().fmtExtensible(3, 2, 44100, 32).chunk("junk", new byte[5])
                .data(WavBytes.floats(0.5f, -0.5f, 0.25f, -0.25f)).build();
        for (int len = 0; len <= full.length; len++) {
            Path p = file("prefix" + len + ".wav", Arrays.copyOf(full, len));
            try {
                AudioClip clip = WavReader.read(p);
                assertThat(clip.frames()).as("prefix %d", len).isBetween(1, 2);
            } catch (AudioFormatException e) {
                assertThat(e.getMessage()).startsWith(p.toString() + ": ");
            }
        }
    }

    // ---- real IRMAS clips ----

    private static Path shared() {
        String prop = System.getProperty("timbre.shared");
        assertThat(prop).as("system property timbre.shared (set by the Maven build)").isNotNull();
        Path root = Path.of(prop, "irmas-sample");
        assertThat(root).as("IRMAS sample clips under ../shared").isDirectory();
        return root;
    }

    @Test
    void realIrmasTrainingClipsAreStereo44100With132299Frames() throws IOException {
        Path training = shared().resolve("IRMAS-TrainingData");
        java.util.List<Path> wavs;
        try (var s = Files.walk(training)) {
            wavs = s.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        assertThat(wavs).hasSizeGreaterThanOrEqualTo(100);
        for (Path w : wavs) {
            WavReader.Header h = WavReader.header(w);
            assertThat(h.channels()).as("%s", w).isEqualTo(2);
            assertThat(h.sampleRate()).as("%s", w).isEqualTo(44100);
            // One clip of the sample is shorter than IRMAS's 3 s (Python's wave module agrees: 54,116 frames).
            long expected = w.getFileName().toString().equals("sax-12.wav") ? 54_116 : 132_299;
            assertThat(h.frames()).as("%s", w).isEqualTo(expected);
        }
        AudioClip clip = WavReader.read(wavs.get(0));
        assertThat(clip.frames()).isEqualTo(132_299);
        float peak = 0;
        for (float[] c : clip.channels()) {
            for (float v : c) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        assertThat(peak).isGreaterThan(0.01f).isLessThanOrEqualTo(1f);
    }

    @Test
    void realIrmasTestingClipIsTwentySecondsOfStereo() throws IOException {
        Path testing = shared().resolve("IRMAS-TestingData-Part1");
        Path wav;
        try (var s = Files.walk(testing)) {
            wav = s.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow(
                    () -> new AssertionError("no .wav under " + testing));
        }
        AudioClip clip = WavReader.read(wav);
        assertThat(clip.channelCount()).isEqualTo(2);
        assertThat(clip.sampleRate()).isEqualTo(44100);
        assertThat(clip.durationSeconds()).isCloseTo(20.0, within(0.1));
        assertThat(clip.frames()).isEqualTo(882_000);
    }
}
