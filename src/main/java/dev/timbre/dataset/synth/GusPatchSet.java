package dev.timbre.dataset.synth;

import dev.timbre.io.AtomicFiles;
import com.sun.media.sound.ModelPatch;
import com.sun.media.sound.SF2Instrument;
import com.sun.media.sound.SF2InstrumentRegion;
import com.sun.media.sound.SF2Layer;
import com.sun.media.sound.SF2LayerRegion;
import com.sun.media.sound.SF2Region;
import com.sun.media.sound.SF2Sample;
import com.sun.media.sound.SF2Soundbank;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A set of Gravis UltraSound patches laid out as Debian's {@code freepats} package lays them out
 * ({@code Tone_000/NNN_Name.pat} for GM program NNN, {@code Drum_000/NNN_Name.pat} for drum key NNN), converted
 * into a SoundFont the JDK's synthesizer can play. FreePats records its own instruments, so it is a SoundFont
 * family of its own beside Debian's SF2 banks.
 *
 * <p>What is kept of a patch: its samples (8- or 16-bit, signed or unsigned, mono), their loops, sample rates,
 * root pitches and key ranges. GUS envelopes, tremolo and vibrato are replaced by one short attack and release,
 * since timbre only needs each instrument's recorded sound. A GM program the set lacks borrows the nearest program
 * of its GM family of eight (choir aahs 52 plays voice oohs 53), so every program the synthesizer's voices use
 * sounds.
 */
public final class GusPatchSet {

    private static final Pattern PATCH = Pattern.compile("(\\d{3})_.*\\.pat", Pattern.CASE_INSENSITIVE);
    private static final int HEADER = 129 + 63 + 47;
    private static final int SAMPLE_HEADER = 96;
    /** Attack and release in SoundFont timecents: 5 ms and 0.3 s. */
    private static final int ATTACK_TIMECENTS = (int) Math.round(1200 * Math.log(0.005) / Math.log(2));
    private static final int RELEASE_TIMECENTS = (int) Math.round(1200 * Math.log(0.3) / Math.log(2));

    private GusPatchSet() {
    }

    /** Whether {@code dir} looks like a patch set: it has a {@code Tone_000} folder. */
    public static boolean isPatchSet(Path dir) {
        return Files.isDirectory(dir.resolve("Tone_000"));
    }

    /**
     * Converts the set in {@code dir} and writes it as an SF2 file.
     *
     * @throws IOException naming the patch file when one cannot be read
     */
    public static void convert(Path dir, String name, Path sf2) throws IOException {
        SF2Soundbank bank = new SF2Soundbank();
        bank.setName(name);
        bank.setVendor("converted by timbre from " + dir);
        TreeMap<Integer, SF2Layer> tones = new TreeMap<>();
        for (var e : patches(dir.resolve("Tone_000")).entrySet()) {
            tones.put(e.getKey(), tone(bank, e.getValue()));
        }
        if (tones.isEmpty()) {
            throw new IOException(dir + ": no NNN_*.pat files in Tone_000");
        }
        for (int program = 0; program < 128; program++) {
            SF2Layer layer = tones.containsKey(program) ? tones.get(program) : nearestInFamily(tones, program);
            if (layer != null) {
                SF2Instrument ins = new SF2Instrument(bank);
                ins.setName(layer.getName());
                ins.setPatch(new ModelPatch(0, program));
                SF2InstrumentRegion r = new SF2InstrumentRegion();
                r.setLayer(layer);
                ins.getRegions().add(r);
                bank.addInstrument(ins);
            }
        }
        TreeMap<Integer, Path> drums = patches(dir.resolve("Drum_000"));
        if (!drums.isEmpty()) {
            SF2Layer kit = new SF2Layer(bank);
            kit.setName("Drums");
            for (var e : drums.entrySet()) {
                // A drum key plays one sound at its recorded pitch: the patch's first sample.
                SF2LayerRegion r = region(bank, read(e.getValue()).get(0), e.getKey(), e.getKey());
                r.putInteger(SF2Region.GENERATOR_OVERRIDINGROOTKEY, e.getKey());
                kit.getRegions().add(r);
            }
            bank.addResource(kit);
            SF2Instrument ins = new SF2Instrument(bank);
            ins.setName("Standard");
            ins.setPatch(new ModelPatch(0, 0, true));
            SF2InstrumentRegion r = new SF2InstrumentRegion();
            r.setLayer(kit);
            ins.getRegions().add(r);
            bank.addInstrument(ins);
        }
        Files.createDirectories(sf2.toAbsolutePath().getParent());
        AtomicFiles.write(sf2, bank::save);
    }

    private static SF2Layer nearestInFamily(TreeMap<Integer, SF2Layer> tones, int program) {
        int family = program / 8;
        for (int d = 1; d < 8; d++) {
            for (int p : new int[]{program + d, program - d}) {
                if (p / 8 == family && p >= 0 && tones.containsKey(p)) {
                    return tones.get(p);
                }
            }
        }
        return null;
    }

    private static TreeMap<Integer, Path> patches(Path dir) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                Matcher m = PATCH.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.putIfAbsent(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        return out;
    }

    /** One melodic instrument: its samples side by side over the keyboard, split where each one's range begins. */
    private static SF2Layer tone(SF2Soundbank bank, Path file) throws IOException {
        List<SampleRegion> samples = new ArrayList<>(read(file));
        samples.sort(Comparator.comparingDouble(SampleRegion::lowKey));
        SF2Layer layer = new SF2Layer(bank);
        layer.setName(file.getFileName().toString().replaceFirst("(?i)\\.pat$", "").substring(4));
        int from = 0;
        for (int i = 0; i < samples.size(); i++) {
            int to = i + 1 < samples.size()
                    ? Math.max(from, (int) Math.round(samples.get(i + 1).lowKey()) - 1) : 127;
            layer.getRegions().add(region(bank, samples.get(i), from, Math.min(127, to)));
            from = Math.min(127, to + 1);
        }
        bank.addResource(layer);
        return layer;
    }

    private static SF2LayerRegion region(SF2Soundbank bank, SampleRegion s, int lowKey, int highKey) {
        SF2Sample sample = new SF2Sample(bank);
        sample.setName(s.name());
        sample.setData(s.pcm16());
        sample.setSampleRate(s.sampleRate());
        int root = (int) Math.round(s.rootKey());
        sample.setOriginalPitch(Math.max(0, Math.min(127, root)));
        sample.setPitchCorrection((byte) Math.round((root - s.rootKey()) * 100));
        sample.setSampleType(1);
        sample.setStartLoop(s.loopStart());
        sample.setEndLoop(s.loopEnd());
        bank.addResource(sample);
        SF2LayerRegion r = new SF2LayerRegion();
        r.setSample(sample);
        r.putBytes(SF2Region.GENERATOR_KEYRANGE, new byte[]{(byte) lowKey, (byte) highKey});
        r.putInteger(SF2Region.GENERATOR_SAMPLEMODES, s.looping() ? 1 : 0);
        r.putInteger(SF2Region.GENERATOR_ATTACKVOLENV, ATTACK_TIMECENTS);
        r.putInteger(SF2Region.GENERATOR_RELEASEVOLENV, RELEASE_TIMECENTS);
        return r;
    }

    /**
     * A sample of a patch file, as 16-bit little-endian PCM.
     *
     * @param lowKey  lowest MIDI key (fractional) the patch plays this sample for
     * @param rootKey MIDI key (fractional) of the recorded pitch
     */
    record SampleRegion(String name, byte[] pcm16, int sampleRate, double lowKey, double rootKey, long loopStart,
                        long loopEnd, boolean looping) {
    }

    /** The samples of one {@code .pat} file. */
    static List<SampleRegion> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(all, 0, Math.min(all.length, 8), StandardCharsets.US_ASCII);
        if (all.length < HEADER || !magic.equals("GF1PATCH")) {
            throw new IOException(file + ": not a GUS patch (no GF1PATCH header)");
        }
        int count = all[HEADER - 47 + 6] & 0xFF; // the layer header's sample count
        List<SampleRegion> out = new ArrayList<>();
        int pos = HEADER;
        for (int i = 0; i < count; i++) {
            if (pos + SAMPLE_HEADER > all.length) {
                throw new IOException(file + ": sample " + i + " runs past the end of the file");
            }
            String name = new String(all, pos, 7, StandardCharsets.US_ASCII).replaceAll("\0.*", "").trim();
            int length = b.getInt(pos + 8);
            long loopStart = b.getInt(pos + 12) & 0xFFFF_FFFFL;
            long loopEnd = b.getInt(pos + 16) & 0xFFFF_FFFFL;
            int rate = b.getShort(pos + 20) & 0xFFFF;
            double low = b.getInt(pos + 22) / 1000.0;
            double root = b.getInt(pos + 30) / 1000.0;
            int modes = all[pos + 55] & 0xFF;
            int data = pos + SAMPLE_HEADER;
            if (length < 0 || data + length > all.length || rate <= 0 || root <= 0) {
                throw new IOException(file + ": sample " + i + " has an impossible header");
            }
            boolean sixteen = (modes & 1) != 0;
            boolean unsigned = (modes & 2) != 0;
            int frames = sixteen ? length / 2 : length;
            ByteBuffer pcm = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < frames; f++) {
                int v = sixteen ? b.getShort(data + 2 * f) : all[data + f] << 8;
                if (unsigned) {
                    v = sixteen ? ((v & 0xFFFF) - 32768) : (((all[data + f] & 0xFF) - 128) << 8);
                }
                pcm.putShort((short) v);
            }
            int bytesPerFrame = sixteen ? 2 : 1;
            boolean looping = (modes & 4) != 0 && loopEnd > loopStart;
            out.add(new SampleRegion(name.isEmpty() ? file.getFileName() + "#" + i : name + "-" + i, pcm.array(),
                    rate, key(low), key(root), loopStart / bytesPerFrame, Math.min(frames, loopEnd / bytesPerFrame),
                    looping));
            pos = data + length;
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no samples");
        }
        return out;
    }

    private static double key(double hz) {
        return hz <= 0 ? 0 : 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
    }
}
