package dev.timbre.dataset.synth;

import dev.timbre.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.IrmasDataset;
import dev.timbre.feature.FeatureSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes an IRMAS-format corpus rendered from generated music with the JDK's SoundFont synthesizer: training
 * clips of exactly 132,299 frames (44.1 kHz, 16-bit stereo) with one predominant instrument and often a quieter,
 * unlabelled accompaniment (other instruments, bass, drums), cut in 1–4 excerpts from longer "recordings"; and
 * testing clips of 5–20 s with 1–4 predominant instruments at comparable levels, all labelled. With banks from
 * two or more families (see {@link BankRoles}), testing clips use banks that share no sample with the training
 * banks. {@code synth.json} at the root records the settings, the banks and where each went; it is written last,
 * so its presence means the corpus is complete. {@code synth-plan.json} is written first, so an interrupted run
 * resumes only with the same settings and banks, and a directory holding another corpus is never mixed into.
 */
public final class CorpusSynthesizer {

    public static final String MANIFEST = "synth.json";
    public static final String PLAN = "synth-plan.json";
    /**
     * The revision of how clips are rendered from their settings, raised whenever the same settings come to render
     * other audio (2: recorded notes follow pitch bends), so that a cached or half-made corpus of an older rendering
     * is not taken for one of this rendering. An older revision can still be asked for ({@code synth --rendering}):
     * a model card names the one its corpus was rendered with, so that its command makes the same clips.
     */
    public static final int RENDERING = 2;
    public static final int SAMPLE_RATE = IrmasDataset.SAMPLE_RATE;
    public static final int CLIP_FRAMES = IrmasDataset.CLIP_FRAMES;
    private static final String[] GENRES = {"cla", "pop_roc", "jaz_blu", "cou_fol", "lat_sou"};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Progress of a run: {@code done} of {@code total} files written. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        /** A recording left out of the sample banks, as one line naming it and why. */
        default void skipped(String line) {
        }
    }

    /** The outcome: counts, banks and the manifest. */
    public record Result(int trainClips, int testClips, List<String> trainBanks, List<String> testBanks,
                         boolean heldOut, boolean alreadyComplete, double seconds, Map<String, Object> manifest) {
    }

    /** Turns a score into {@code (channels, frames)} audio with a bank; {@link Renderer} is the real one. */
    @FunctionalInterface
    interface ScoreRenderer {
        float[][] render(Score score, SoundBank bank) throws IOException;
    }

    /**
     * One rendering: a "recording" cut into {@code files} (training) or one testing clip.
     *
     * @param leadOverAccompanimentDb level of the predominant parts over the accompaniment, or NaN for a job
     *                                rendered in one SoundFont pass with MIDI volumes setting the balance
     * @param sparse                  the predominant part plays a few separate notes instead of music
     */
    record Job(long seed, SoundBank bank, List<Lead> leads, boolean drums, boolean bass,
               List<Lead> accompaniment, double seconds, List<Path> files, List<Instrument> labels,
               boolean test, double leadOverAccompanimentDb, boolean sparse) {

        Job(long seed, SoundBank bank, List<Lead> leads, boolean drums, boolean bass, List<Lead> accompaniment,
            double seconds, List<Path> files, List<Instrument> labels, boolean test) {
            this(seed, bank, leads, drums, bass, accompaniment, seconds, files, labels, test, Double.NaN, false);
        }
    }

    /** A part: its instrument, what sounds it, and its MIDI volume. */
    record Lead(Instrument instrument, Voicing voicing, int volume) {

        Lead(Instrument instrument, int program, int volume) {
            this(instrument, new Voicing.Program(program), volume);
        }
    }

    /** Phrases of an instrument a source needs for its full {@link SynthSettings#phraseShare()}. */
    public static final int PHRASES_FOR_FULL_SHARE = 20;
    /**
     * The predominant part's level over the accompaniment in recorded-style testing clips, in dB: well above the
     * band. Training clips draw theirs from {@link SynthSettings#minLeadDb()} to {@link SynthSettings#maxLeadDb()}.
     */
    static final double TEST_LEAD_OVER_ACCOMPANIMENT_DB = SynthSettings.MAX_LEAD_DB;
    /** Memory for decoded recordings per synthesis. */
    private static final long SAMPLE_CACHE_BYTES = 768L << 20;

    private CorpusSynthesizer() {
    }

    /**
     * A short fingerprint of what {@link #synthesize} would write for these settings on this machine (the
     * settings, the banks found and their roles), so a cached corpus is reused only when it is the same corpus.
     */
    public static String fingerprint(SynthSettings settings) throws IOException {
        Sources sources = Sources.of(settings, line -> { });
        List<SoundBank> banks = SoundBank.discover(settings.soundfonts());
        byte[] json = JSON.writeValueAsBytes(manifest(settings, banks, sources.roles(banks), sources));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(json);
        return String.format("%08x", crc.getValue());
    }

    public static Result synthesize(SynthSettings settings, Path out, Progress progress) throws IOException {
        long start = System.nanoTime();
        SoundBank.requireSynth();
        Sources sources = Sources.of(settings, progress::skipped);
        List<SoundBank> banks = SoundBank.discover(settings.soundfonts());
        BankRoles roles = sources.roles(banks);
        Map<String, Object> manifest = manifest(settings, banks, roles, sources);
        Path manifestFile = out.resolve(MANIFEST);
        Path planFile = out.resolve(PLAN);
        byte[] json = JSON.writeValueAsBytes(manifest);
        if (Files.exists(manifestFile) || Files.exists(planFile)) {
            Path existing = Files.exists(manifestFile) ? manifestFile : planFile;
            // Compare as parsed JSON so number types (int vs long) do not matter.
            if (!JSON.readTree(existing.toFile()).equals(JSON.readTree(json))) {
                throw new IOException(out + ": holds a corpus synthesized with other settings, SoundFonts or "
                        + "rendering (" + existing.getFileName() + " differs); choose another directory or delete "
                        + "this one");
            }
            if (existing.equals(manifestFile)) {
                return result(manifest, roles, true, start);
            }
        } else if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(out + ": is not empty and holds no timbre corpus; choose an empty or "
                            + "new directory");
                }
            }
        }
        Files.createDirectories(out);
        AtomicFiles.write(planFile, o -> o.write(json));
        Renderer probe = new Renderer(SAMPLE_RATE);
        List<Job> jobs = plan(settings, out, roles, sources, probe);
        int total = jobs.stream().mapToInt(j -> j.files().size()).sum();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "timbre-synth");
            t.setDaemon(true);
            return t;
        });
        SamplePlayer player = settings.samples().isEmpty() ? null
                : new SamplePlayer(SAMPLE_RATE, new SamplePlayer.SampleCache(SAMPLE_RATE, SAMPLE_CACHE_BYTES),
                settings.rendering() >= 2);
        ThreadLocal<JobRenderer> renderers = ThreadLocal.withInitial(() -> new JobRenderer(
                new Renderer(SAMPLE_RATE)::render, player, settings.realism(), settings.inflectionShare(),
                SAMPLE_RATE));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    if (job.files().stream().allMatch(Files::exists)) {
                        progress.update(done.addAndGet(job.files().size()), total);
                        return null;
                    }
                    write(job, renderers.get().renderAudible(job));
                    progress.update(done.addAndGet(job.files().size()), total);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("synthesis interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("synthesis failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        AtomicFiles.write(manifestFile, o -> o.write(json));
        Files.delete(planFile);
        return result(manifest, roles, false, start);
    }


    private static Result result(Map<String, Object> m, BankRoles roles, boolean complete, long start) {
        return new Result((Integer) m.get("trainClips"), (Integer) m.get("testClips"),
                roles.training().stream().map(SoundBank::name).toList(),
                roles.testing().stream().map(SoundBank::name).toList(), roles.heldOut(), complete,
                (System.nanoTime() - start) / 1e9, m);
    }

    private static Map<String, Object> manifest(SynthSettings s, List<SoundBank> banks, BankRoles roles,
                                                Sources sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "timbre synth");
        m.put("rendering", s.rendering());
        m.put("seed", s.seed());
        m.put("sampleRate", SAMPLE_RATE);
        m.put("trainPerClass", s.trainPerClass());
        m.put("trainClips", s.trainPerClass() * Instrument.COUNT);
        m.put("testClips", s.testClips());
        List<Map<String, Object>> b = new ArrayList<>();
        for (SoundBank bank : banks) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", bank.name());
            e.put("file", bank.builtin() ? null : bank.file().toString());
            boolean test = roles.testing().contains(bank);
            boolean train = roles.training().contains(bank);
            e.put("use", test && train ? "train+test" : test ? "test" : train ? "train" : "unused");
            b.add(e);
        }
        m.put("banks", b);
        // Written only when given, so that the corpora made without them keep their fingerprints.
        if (!s.soundfonts().isEmpty()) {
            m.put("soundfontPlaces", s.soundfonts().stream().map(p -> p.toAbsolutePath().normalize().toString())
                    .toList());
        }
        if (s.testBank() != null) {
            m.put("testBank", s.testBank());
        }
        if (s.inflectionShare() > 0) {
            m.put("inflectionShare", s.inflectionShare());
        }
        m.put("bankFamilies", roles.families());
        m.put("heldOutTestBanks", roles.heldOut());
        Map<String, Object> programs = new LinkedHashMap<>();
        for (Voice v : Voice.ALL) {
            programs.put(v.instrument().code(), v.programs());
        }
        m.put("programs", programs);
        if (s.recordings()) {
            List<Map<String, Object>> rec = new ArrayList<>();
            for (SampleSource src : sources.all()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", src.name());
                e.put("licence", src.licence());
                e.put("notes", counts(src.notes()));
                e.put("phrases", counts(src.phrases()));
                e.put("use", sources.testing().contains(src) ? "test" : "train");
                rec.add(e);
            }
            m.put("recordedSources", rec);
            m.put("samplePlaces", s.samples().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
            m.put("noteShare", s.noteShare());
            m.put("phraseShare", s.phraseShare());
            m.put("soloShare", s.soloShare());
            m.put("sparseShare", s.sparseShare());
            m.put("permissiveOnly", s.permissiveOnly());
            m.put("leadOverAccompanimentDb", List.of(s.minLeadDb(), s.maxLeadDb()));
            m.put("realism", s.realism());
        }
        return m;
    }

    private static Map<String, Integer> counts(Map<Instrument, ? extends List<?>> byInstrument) {
        Map<String, Integer> out = new LinkedHashMap<>();
        byInstrument.forEach((k, v) -> out.put(k.code(), v.size()));
        return out;
    }

    /**
     * The recorded sources of a synthesis and their roles: a source named by {@code --test-bank} renders testing
     * clips only (a family of its own), every other source is heard in training.
     */
    record Sources(List<SampleSource> all, List<SampleSource> training, List<SampleSource> testing,
                   String testBank) {

        static Sources of(SynthSettings s, java.util.function.Consumer<String> skipped) throws IOException {
            List<SampleSource> all = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Path place : s.samples()) {
                for (SampleSource src : SampleSource.scan(place, skipped)) {
                    if (s.permissiveOnly() && !SampleSource.permissive(src.licence())) {
                        continue;
                    }
                    if (!names.add(src.name())) {
                        throw new IOException(place + ": a recorded source named '" + src.name()
                                + "' was already given; sources must have distinct names");
                    }
                    all.add(src);
                }
            }
            List<SampleSource> testing = all.stream().filter(x -> x.name().equalsIgnoreCase(
                    s.testBank() == null ? "" : s.testBank())).toList();
            List<SampleSource> training = new ArrayList<>(all);
            training.removeAll(testing);
            return new Sources(all, training, testing, testing.isEmpty() ? s.testBank() : null);
        }

        /** The SoundFont roles; a test bank that names a recorded source leaves the SoundFonts' default. */
        BankRoles roles(List<SoundBank> banks) throws IOException {
            return BankRoles.assign(banks, testBank);
        }
    }

    private static List<Job> plan(SynthSettings s, Path out, BankRoles roles, Sources sources, Renderer probe)
            throws IOException {
        List<SoundBank> trainBanks = roles.training();
        Random rng = new Random(s.seed());
        List<Job> jobs = new ArrayList<>();
        Path trainRoot = out.resolve(IrmasDataset.TRAINING_DIR);
        for (Instrument inst : Instrument.ALL) {
            int made = 0;
            int recording = 1;
            while (made < s.trainPerClass()) {
                int excerpts = Math.min(1 + rng.nextInt(4), s.trainPerClass() - made);
                SoundBank bank = trainBanks.get(rng.nextInt(trainBanks.size()));
                boolean sparse = s.recordings() && rng.nextDouble() < s.sparseShare();
                Lead lead = !s.recordings() ? new Lead(inst, program(inst, bank, rng, probe), 100 + rng.nextInt(25))
                        : sparse ? new Lead(inst, partVoicing(inst, bank, 1.0, sources, rng, probe), 100)
                        : new Lead(inst, leadVoicing(inst, bank, s, sources, rng, probe), 100 + rng.nextInt(25));
                boolean solo = sparse || s.recordings() && rng.nextDouble() < s.soloShare();
                int accompanists = solo ? 0 : pick(rng, 0.3, 0.45);
                List<Lead> acc = new ArrayList<>();
                for (Instrument other : others(inst, accompanists, rng)) {
                    acc.add(s.recordings()
                            ? new Lead(other, partVoicing(other, bank, s.noteShare(), sources, rng, probe),
                            40 + rng.nextInt(30))
                            : new Lead(other, program(other, bank, rng, probe), 40 + rng.nextInt(30)));
                }
                boolean drums = !solo && rng.nextBoolean() && probe.has(bank, 0, true);
                boolean bass = !solo && rng.nextDouble() < 0.4;
                String genre = GENRES[rng.nextInt(GENRES.length)];
                String base = "[" + inst.code() + "][" + (drums ? "dru" : "nod") + "][" + genre + "]"
                        + String.format("%04d", recording);
                List<Path> files = new ArrayList<>();
                for (int e = 1; e <= excerpts; e++) {
                    files.add(trainRoot.resolve(inst.code()).resolve(base + "__" + e + ".wav"));
                }
                double balance = s.recordings() ? s.minLeadDb() + (s.maxLeadDb() - s.minLeadDb()) * rng.nextDouble()
                        : Double.NaN;
                jobs.add(new Job(rng.nextLong(), bank, List.of(lead), drums, bass, acc,
                        excerpts * (double) CLIP_FRAMES / SAMPLE_RATE, files, List.of(inst), false, balance,
                        sparse));
                made += excerpts;
                recording++;
            }
        }
        for (int i = 1; i <= s.testClips(); i++) {
            SoundBank testBank = roles.testing().get(rng.nextInt(roles.testing().size()));
            int k = 1 + pick(rng, 0.25, 0.35) + (rng.nextDouble() < 0.4 ? 1 : 0);
            k = Math.min(4, Math.max(1, k));
            List<Instrument> labels = others(null, k, rng);
            List<Lead> leads = new ArrayList<>();
            for (Instrument l : labels) {
                leads.add(sources.testing().isEmpty()
                        ? new Lead(l, program(l, testBank, rng, probe), 95 + rng.nextInt(25))
                        : new Lead(l, testVoicing(l, testBank, sources, rng, probe), 95 + rng.nextInt(25)));
            }
            boolean drums = rng.nextDouble() < 0.4 && probe.has(testBank, 0, true);
            boolean bass = rng.nextDouble() < 0.35;
            double seconds = 5 + rng.nextDouble() * 15;
            int part = 1 + (i - 1) % 3;
            Path dir = out.resolve(IrmasDataset.TESTING_PREFIX + part).resolve("Part" + part);
            Path file = dir.resolve(String.format("%04d - synth %s-1.wav", i, GENRES[rng.nextInt(GENRES.length)]));
            labels.sort(java.util.Comparator.naturalOrder());
            jobs.add(new Job(rng.nextLong(), testBank, leads, drums, bass, List.of(), seconds, List.of(file), labels,
                    true, sources.testing().isEmpty() ? Double.NaN : TEST_LEAD_OVER_ACCOMPANIMENT_DB, false));
        }
        return jobs;
    }

    /**
     * The predominant part of a recorded-style training clip: a recorded phrase (share {@code phraseShare},
     * scaled down for instruments with few phrases), recorded notes (share {@code noteShare}) or a program.
     */
    private static Voicing leadVoicing(Instrument inst, SoundBank bank, SynthSettings s, Sources sources, Random rng,
                                       Renderer probe) throws IOException {
        List<SampleSource> withPhrases = sources.training().stream()
                .filter(x -> !x.phrases().getOrDefault(inst, List.of()).isEmpty()).toList();
        int phrases = withPhrases.stream().mapToInt(x -> x.phrases().get(inst).size()).sum();
        double phraseShare = s.phraseShare() * Math.min(1.0, phrases / (double) PHRASES_FOR_FULL_SHARE);
        double r = rng.nextDouble();
        if (r < phraseShare) {
            // Each phrase equally likely, whichever source holds it.
            int k = rng.nextInt(phrases);
            for (SampleSource src : withPhrases) {
                List<Path> ps = src.phrases().get(inst);
                if (k < ps.size()) {
                    return new Voicing.Phrase(src, ps.get(k));
                }
                k -= ps.size();
            }
        }
        double noteShare = Math.min(1.0, s.noteShare() / Math.max(1e-9, 1 - phraseShare));
        return partVoicing(inst, bank, noteShare, sources, rng, probe);
    }

    /** Recorded notes with probability {@code noteShare} when a training source plays the instrument, else a program. */
    private static Voicing partVoicing(Instrument inst, SoundBank bank, double noteShare, Sources sources,
                                       Random rng, Renderer probe) throws IOException {
        List<SampleSource> playing = sources.training().stream().filter(x -> x.plays(inst)).toList();
        if (!playing.isEmpty() && rng.nextDouble() < noteShare) {
            return new Voicing.Notes(playing.get(rng.nextInt(playing.size())));
        }
        return new Voicing.Program(program(inst, bank, rng, probe));
    }

    /** A testing part: the held-out source's notes when it plays the instrument, else the test bank's program. */
    private static Voicing testVoicing(Instrument inst, SoundBank bank, Sources sources, Random rng, Renderer probe)
            throws IOException {
        List<SampleSource> playing = sources.testing().stream().filter(x -> x.plays(inst)).toList();
        if (!playing.isEmpty()) {
            return new Voicing.Notes(playing.get(rng.nextInt(playing.size())));
        }
        return new Voicing.Program(program(inst, bank, rng, probe));
    }

    /** 0 with probability p0, 1 with p1, else 2. */
    private static int pick(Random rng, double p0, double p1) {
        double r = rng.nextDouble();
        return r < p0 ? 0 : r < p0 + p1 ? 1 : 2;
    }

    private static List<Instrument> others(Instrument except, int n, Random rng) {
        List<Instrument> pool = new ArrayList<>(Instrument.ALL);
        pool.remove(except);
        java.util.Collections.shuffle(pool, rng);
        return new ArrayList<>(pool.subList(0, n));
    }

    private static int program(Instrument inst, SoundBank bank, Random rng, Renderer probe) throws IOException {
        int[] programs = Voice.of(inst).programs();
        int first = rng.nextInt(programs.length);
        for (int i = 0; i < programs.length; i++) {
            int p = programs[(first + i) % programs.length];
            if (probe.has(bank, p, false)) {
                return p;
            }
        }
        throw new IOException(bank.name() + ": has none of the GM programs for " + inst.displayName());
    }

    /**
     * Renders a job with SoundFont programs only, drawing new music when a rendering comes out silent (see
     * {@link JobRenderer#renderAudible}).
     */
    static float[][] renderAudible(Job job, ScoreRenderer renderer) throws IOException {
        return new JobRenderer(renderer, null, Realism.NONE, 0, SAMPLE_RATE).renderAudible(job);
    }

    private static void write(Job job, float[][] audio) throws IOException {
        if (job.test()) {
            Path wav = job.files().get(0);
            Files.createDirectories(wav.getParent());
            StringBuilder labels = new StringBuilder();
            for (Instrument l : job.labels()) {
                labels.append(l.code()).append("\t\n");
            }
            String name = wav.getFileName().toString();
            // Labels first: the WAV's presence marks the clip as done.
            Files.writeString(wav.resolveSibling(name.substring(0, name.length() - 4) + ".txt"), labels,
                    StandardCharsets.UTF_8);
            WavWriter.write16(wav, new AudioClip(audio, SAMPLE_RATE));
            return;
        }
        for (int e = 0; e < job.files().size(); e++) {
            Path wav = job.files().get(e);
            Files.createDirectories(wav.getParent());
            float[][] clip = new float[2][];
            for (int c = 0; c < 2; c++) {
                clip[c] = java.util.Arrays.copyOfRange(audio[c], e * CLIP_FRAMES, (e + 1) * CLIP_FRAMES);
            }
            WavWriter.write16(wav, new AudioClip(clip, SAMPLE_RATE));
        }
    }
}
