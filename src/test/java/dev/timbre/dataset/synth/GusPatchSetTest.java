package dev.timbre.dataset.synth;

import com.sun.media.sound.SF2Instrument;
import com.sun.media.sound.SF2Sample;
import com.sun.media.sound.SF2Soundbank;
import com.sun.media.sound.ModelPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.Instrument;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GUS patch sets in the freepats layout, converted to a SoundFont, on small patch files written here. */
class GusPatchSetTest {

    @TempDir
    Path dir;

    @Test
    void readsSixteenBitSignedAndEightBitUnsignedSamplesWithPitchAndLoop() throws IOException {
        Path pat = dir.resolve("a.pat");
        short[] sine = new short[1000];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (short) Math.round(10_000 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
        }
        Files.write(pat, patch(pcm16(sine), true, false, 400, 1600, 440_000));
        List<GusPatchSet.SampleRegion> s = GusPatchSet.read(pat);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).rootKey()).isCloseTo(69.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.get(0).sampleRate()).isEqualTo(44_100);
        assertThat(s.get(0).loopStart()).isEqualTo(200);
        assertThat(s.get(0).loopEnd()).isEqualTo(800);
        assertThat(s.get(0).looping()).isTrue();
        assertThat(s.get(0).pcm16()).isEqualTo(pcm16(sine));

        Path eight = dir.resolve("b.pat");
        Files.write(eight, patch(new byte[]{(byte) 128, (byte) 255, 0}, false, true, 0, 0, 220_000));
        GusPatchSet.SampleRegion u = GusPatchSet.read(eight).get(0);
        ByteBuffer b = ByteBuffer.wrap(u.pcm16()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new int[]{b.getShort(0), b.getShort(2), b.getShort(4)}).containsExactly(0, 127 << 8, -128 << 8);
        assertThat(u.rootKey()).isCloseTo(57.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(u.looping()).isFalse();
    }

    @Test
    void convertsASetWithGmFamilyFillInsAndADrumKit() throws IOException {
        Path set = dir.resolve("pats");
        Files.createDirectories(set.resolve("Tone_000"));
        Files.createDirectories(set.resolve("Drum_000"));
        byte[] tone = patch(pcm16(new short[]{0, 1000, 2000, 1000, 0, -1000}), true, false, 0, 0, 261_626);
        Files.write(set.resolve("Tone_000/000_Piano.pat"), tone);
        Files.write(set.resolve("Tone_000/053_Voice_Oohs.pat"), tone);
        Files.write(set.resolve("Drum_000/036_Kick.pat"), tone);
        assertThat(GusPatchSet.isPatchSet(set)).isTrue();
        Path sf2 = dir.resolve("out/Set.sf2");
        GusPatchSet.convert(set, "Set", sf2);

        SF2Soundbank bank = new SF2Soundbank(sf2.toFile());
        assertThat(bank.getName()).isEqualTo("Set");
        List<Integer> programs = Arrays.stream(bank.getInstruments())
                .filter(i -> !((ModelPatch) ((SF2Instrument) i).getPatch()).isPercussion())
                .map(i -> i.getPatch().getProgram()).sorted().toList();
        // piano fills programs 0-7; voice oohs fills 48-55 (choir aahs, synth voice, strings of its family)
        assertThat(programs).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 48, 49, 50, 51, 52, 53, 54, 55);
        assertThat(Arrays.stream(bank.getInstruments()).map(Instrument::getPatch)
                .filter(p -> p instanceof ModelPatch mp && mp.isPercussion())).hasSize(1);
        SF2Sample sample = (SF2Sample) Arrays.stream(bank.getResources()).filter(r -> r instanceof SF2Sample)
                .findFirst().orElseThrow();
        assertThat(sample.getOriginalPitch()).isEqualTo(60); // 261.626 Hz is middle C
        assertThat(sample.getSampleRate()).isEqualTo(44_100);
    }

    @Test
    void aPatchSetIsConvertedOnceIntoTheCacheAndAgainWhenItChanges() throws IOException {
        Path set = dir.resolve("freepats");
        Files.createDirectories(set.resolve("Tone_000"));
        byte[] tone = patch(pcm16(new short[]{0, 1000, 0, -1000}), true, false, 0, 0, 440_000);
        Files.write(set.resolve("Tone_000/040_Violin.pat"), tone);
        Path cache = dir.resolve("cache");
        Path first = SoundBank.converted(set, cache);
        assertThat(first.getFileName().toString()).isEqualTo("freepats.sf2");
        assertThat(first).startsWith(cache.resolve("soundfonts"));
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(first);
        assertThat(SoundBank.converted(set, cache)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first)).isEqualTo(written);
        Files.write(set.resolve("Tone_000/042_Cello.pat"), tone);
        Path second = SoundBank.converted(set, cache);
        assertThat(second).isNotEqualTo(first).exists();
        assertThat(Arrays.stream(new SF2Soundbank(second.toFile()).getInstruments())
                .map(i -> i.getPatch().getProgram())).contains(40, 42);
    }

    @Test
    void aFileThatIsNotAPatchIsNamedInTheError() throws IOException {
        Path bad = dir.resolve("bad.pat");
        Files.write(bad, new byte[300]);
        assertThatThrownBy(() -> GusPatchSet.read(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.pat").hasMessageContaining("not a GUS patch");
        Path set = dir.resolve("empty");
        Files.createDirectories(set.resolve("Tone_000"));
        assertThatThrownBy(() -> GusPatchSet.convert(set, "x", dir.resolve("x.sf2")))
                .hasMessageContaining("no NNN_*.pat files");
    }

    private static byte[] pcm16(short[] v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : v) {
            b.putShort(s);
        }
        return b.array();
    }

    /** A one-instrument, one-layer, one-sample patch as the GUS format lays it out. */
    private static byte[] patch(byte[] data, boolean sixteen, boolean unsigned, int loopStart, int loopEnd,
                                int rootMilliHz) {
        ByteBuffer b = ByteBuffer.allocate(129 + 63 + 47 + 96 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GF1PATCH110\0ID#000002\0".getBytes(StandardCharsets.US_ASCII));
        b.position(82);
        b.put((byte) 1).put((byte) 14).put((byte) 0).putShort((short) 1).putShort((short) 127).putInt(data.length);
        b.position(129);
        b.putShort((short) 0).put(Arrays.copyOf("Test".getBytes(StandardCharsets.US_ASCII), 16)).putInt(data.length)
                .put((byte) 1);
        b.position(192);
        b.put((byte) 0).put((byte) 0).putInt(data.length).put((byte) 1);
        b.position(239);
        b.put(Arrays.copyOf("smp".getBytes(StandardCharsets.US_ASCII), 7)).put((byte) 0).putInt(data.length)
                .putInt(loopStart).putInt(loopEnd).putShort((short) 44_100).putInt(20_000).putInt(20_000_000)
                .putInt(rootMilliHz).putShort((short) 0).put((byte) 7);
        b.position(239 + 55);
        int modes = (sixteen ? 1 : 0) | (unsigned ? 2 : 0) | (loopEnd > loopStart ? 4 : 0);
        b.put((byte) modes).putShort((short) 60).putShort((short) 1024);
        b.position(239 + 96);
        b.put(data);
        return b.array();
    }
}
