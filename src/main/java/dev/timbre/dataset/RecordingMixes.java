package dev.timbre.dataset;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioDecoder;
import dev.timbre.audio.Resampler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Polyphonic test clips made from real single-instrument recordings: each mix sums 2–3 recordings of different
 * instruments, each brought to the same RMS level and then offset by a random gain within ±{@value #GAIN_DB} dB
 * (so any two parts are within twice that of each other), labelled with all of them. Which files, which part of
 * each and which gains depend only on the seed, so a mix set is the same on every machine.
 */
public final class RecordingMixes {

    /** Largest gain offset of one part, in dB. */
    public static final double GAIN_DB = 1.5;
    private static final double PART_RMS = 0.1;
    private static final double PEAK = 0.9;

    private RecordingMixes() {
    }

    /**
     * One planned mix.
     *
     * @param name    {@code mix-0007(cel+flu)}, for reports
     * @param parts   the recordings and how each is used
     * @param seconds length
     */
    public record Mix(String name, List<Part> parts, double seconds) {

        public Set<Instrument> labels() {
            Set<Instrument> s = EnumSet.noneOf(Instrument.class);
            parts.forEach(p -> s.add(p.instrument()));
            return s;
        }

        /**
         * Decodes the parts and sums them at {@code rate}: a part longer than the mix contributes the stretch that
         * starts at {@code offset} of its free range, a shorter one is repeated until the mix is full.
         *
         * @return stereo audio, peak at 0.9 of full scale
         */
        public AudioClip render(int rate) throws IOException {
            int frames = (int) Math.round(seconds * rate);
            float[][] out = new float[2][frames];
            for (Part p : parts) {
                AudioClip clip = AudioDecoder.read(p.file());
                if (clip.sampleRate() != rate) {
                    clip = Resampler.resample(clip, rate);
                }
                float[][] seg = new float[2][frames];
                int len = clip.frames();
                if (len == 0) {
                    throw new IOException(p.file() + ": no audio frames");
                }
                int start = len > frames ? (int) Math.floor(p.offset() * (len - frames)) : 0;
                double sum = 0;
                for (int c = 0; c < 2; c++) {
                    float[] src = clip.channels()[Math.min(c, clip.channelCount() - 1)];
                    for (int i = 0; i < frames; i++) {
                        float v = src[(start + i) % len];
                        seg[c][i] = v;
                        sum += (double) v * v;
                    }
                }
                double rms = Math.sqrt(sum / (2.0 * frames));
                if (rms < 1e-6) {
                    throw new IOException(p.file() + ": silent where the mix takes it");
                }
                float gain = (float) (PART_RMS * Math.pow(10, p.gainDb() / 20) / rms);
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < frames; i++) {
                        out[c][i] += gain * seg[c][i];
                    }
                }
            }
            float peak = 0;
            for (float[] ch : out) {
                for (float v : ch) {
                    peak = Math.max(peak, Math.abs(v));
                }
            }
            float scale = peak > 0 ? (float) (PEAK / peak) : 1f;
            for (float[] ch : out) {
                for (int i = 0; i < ch.length; i++) {
                    ch[i] *= scale;
                }
            }
            return new AudioClip(out, rate);
        }
    }

    /**
     * @param file       the recording
     * @param instrument its label
     * @param offset     where in its free range (0..1) the used stretch starts
     * @param gainDb     its level relative to the common RMS level
     */
    public record Part(Path file, Instrument instrument, double offset, double gainDb) {
    }

    /**
     * Plans {@code count} mixes of the single-instrument clips in {@code clips} (clips with several labels are
     * ignored).
     *
     * @throws IllegalArgumentException when fewer than two instruments have recordings
     */
    public static List<Mix> plan(List<TestingClip> clips, int count, double seconds, long seed) {
        Map<Instrument, List<Path>> byClass = new TreeMap<>();
        for (TestingClip c : clips) {
            if (c.labels().size() == 1) {
                byClass.computeIfAbsent(c.labels().iterator().next(), k -> new ArrayList<>()).add(c.file());
            }
        }
        if (byClass.size() < 2) {
            throw new IllegalArgumentException("mixes need recordings of at least two instruments, found "
                    + byClass.size());
        }
        List<Instrument> classes = new ArrayList<>(byClass.keySet());
        Random rng = new Random(seed);
        List<Mix> mixes = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            int k = Math.min(classes.size(), 2 + rng.nextInt(2));
            List<Instrument> pool = new ArrayList<>(classes);
            List<Part> parts = new ArrayList<>();
            StringBuilder codes = new StringBuilder();
            for (int j = 0; j < k; j++) {
                Instrument inst = pool.remove(rng.nextInt(pool.size()));
                List<Path> files = byClass.get(inst);
                parts.add(new Part(files.get(rng.nextInt(files.size())), inst, rng.nextDouble(),
                        (rng.nextDouble() * 2 - 1) * GAIN_DB));
            }
            parts.sort(java.util.Comparator.comparing(Part::instrument));
            for (Part p : parts) {
                codes.append(codes.isEmpty() ? "" : "+").append(p.instrument().code());
            }
            mixes.add(new Mix(String.format("mix-%04d(%s)", m + 1, codes), List.copyOf(parts), seconds));
        }
        return mixes;
    }
}
