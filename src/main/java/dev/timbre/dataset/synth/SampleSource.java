package dev.timbre.dataset.synth;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioDecoder;
import dev.timbre.audio.AudioFiles;
import dev.timbre.audio.Mixdown;
import dev.timbre.audio.PitchEstimator;
import dev.timbre.dataset.Instrument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real recordings of one source (a sample library, a data set) that timbre's synthesizer can play: single notes,
 * each with its instrument, pitch and dynamic, which {@link SamplePlayer} plays at any pitch in its range; and
 * phrases (separately recorded parts, solo singing) that are cut into training clips as they are. A source is a
 * family of its own for the rule that keeps test timbres unheard ({@link BankRoles}).
 *
 * <p>{@link #scan} reads a folder or a description file. A {@code manifest.tsv} (in the folder, or given itself)
 * lists {@code path, class, source, kind[, midi_pitch[, velocity]]} with {@code kind} one of {@code note},
 * {@code stem}, {@code singing}, {@code phrase}. Without one, audio files in folders named by instrument code are
 * taken ({@code DIR/<code>/*} is one source named after DIR, {@code DIR/<source>/<code>/*} one per source): a file
 * whose name gives a pitch ({@link NoteNames}) is a note; otherwise a file shorter than
 * {@value #NOTE_MAX_SECONDS} s whose pitch {@link PitchEstimator} finds is a note, and anything else a phrase. A
 * note's dynamic comes from its name, else from its level among the source's notes of the same instrument.
 *
 * @param name    the source's name, e.g. {@code philharmonia}
 * @param notes   per instrument, its notes in increasing pitch
 * @param phrases per instrument, its phrase recordings
 * @param licence the licence as its origin states it ({@value #LICENCES} beside the manifest, columns
 *                {@code source} and {@code licence_as_stated}), or "not stated"
 */
public record SampleSource(String name, Map<Instrument, List<Note>> notes, Map<Instrument, List<Path>> phrases,
                           String licence) {

    /** Longest recording taken as a single note when neither a manifest nor its name says what it is. */
    public static final double NOTE_MAX_SECONDS = 12;
    public static final String MANIFEST = "manifest.tsv";
    public static final String LICENCES = "LICENCES.tsv";
    public static final String NOT_STATED = "not stated";

    public SampleSource {
        Map<Instrument, List<Note>> n = new EnumMap<>(Instrument.class);
        notes.forEach((k, v) -> n.put(k, v.stream().sorted(Comparator.comparingDouble(Note::pitch)
                .thenComparing(x -> x.file().toString())).toList()));
        notes = java.util.Collections.unmodifiableMap(n);
        Map<Instrument, List<Path>> p = new EnumMap<>(Instrument.class);
        phrases.forEach((k, v) -> p.put(k, v.stream().sorted().toList()));
        phrases = java.util.Collections.unmodifiableMap(p);
    }

    /**
     * A recorded note.
     *
     * @param file     the recording
     * @param pitch    its fundamental as a MIDI number (fractional when estimated)
     * @param velocity its dynamic as a MIDI velocity (1–127)
     */
    public record Note(Path file, double pitch, int velocity) {
    }

    /** Whether the source has notes of the instrument. */
    public boolean plays(Instrument i) {
        return !notes.getOrDefault(i, List.of()).isEmpty();
    }

    public int noteCount() {
        return notes.values().stream().mapToInt(List::size).sum();
    }

    public int phraseCount() {
        return phrases.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The sources in a folder or description file (see the class comment). A recording that cannot be read (missing,
     * undecodable, silent) is left out and reported to {@code skipped} as one line naming it, so one bad file among
     * thousands does not stop a corpus; a description file with a bad line is an error.
     *
     * @throws IOException naming the description line that cannot be read, or the place when it holds nothing usable
     */
    public static List<SampleSource> scan(Path place, java.util.function.Consumer<String> skipped)
            throws IOException {
        if (!Files.exists(place)) {
            throw new IOException(place + ": no such sample folder or description file");
        }
        Path manifest = Files.isDirectory(place) ? place.resolve(MANIFEST) : place;
        List<Entry> entries = Files.isRegularFile(manifest) ? readManifest(manifest) : walk(place);
        if (entries.isEmpty()) {
            throw new IOException(place + ": no labelled recordings (a " + MANIFEST + ", or audio files in "
                    + "folders named by instrument code such as " + place.resolve("cel") + ")");
        }
        Path licences = manifest.toAbsolutePath().resolveSibling(LICENCES);
        List<SampleSource> sources = assemble(entries,
                Files.isRegularFile(licences) ? readLicences(licences) : Map.of(), skipped);
        if (sources.isEmpty()) {
            throw new IOException(place + ": none of its " + entries.size() + " recordings could be read");
        }
        return sources;
    }

    /**
     * Whether a licence, as stated, lets a trained model be used and shared without conditions beyond credit:
     * CC0, CC BY (not NC), MIT, public domain or "free for any use"; anything non-commercial, research-only or not
     * stated (even for a part of the source) is not.
     */
    public static boolean permissive(String licence) {
        String l = licence.toLowerCase(Locale.ROOT);
        if (l.contains("-nc") || l.contains("non-commercial") || l.contains("noncommercial")
                || l.contains("research") || l.contains(NOT_STATED) || l.contains("not to be")) {
            return false;
        }
        return l.contains("cc0") || l.contains("cc by") || l.contains("mit") || l.contains("public domain")
                || l.contains("free for any use");
    }

    /** {@code source → licence} from a {@value #LICENCES} file. */
    private static Map<String, String> readLicences(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Map.of();
        }
        List<String> head = List.of(lines.get(0).split("\t", -1));
        int src = head.indexOf("source");
        int lic = head.indexOf("licence_as_stated");
        if (src < 0 || lic < 0) {
            throw new IOException(tsv + ":1: needs the columns source and licence_as_stated");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length > Math.max(src, lic) && !f[src].isBlank()) {
                out.merge(f[src].strip(), f[lic].strip(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        }
        return out;
    }

    /**
     * One recording as listed: pitch and velocity when known, kind null when to be decided; the level (dBFS of
     * the loudest 50 ms) is measured for notes whose dynamic is not named.
     */
    private record Entry(Path file, Instrument instrument, String source, String kind, Double pitch,
                         Integer velocity, Double levelDb) {
    }

    private static List<Entry> readManifest(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(tsv + ": empty");
        }
        List<String> head = List.of(lines.get(0).split("\t", -1));
        int path = head.indexOf("path");
        int cls = head.indexOf("class");
        int src = head.indexOf("source");
        int kind = head.indexOf("kind");
        int pitch = head.indexOf("midi_pitch");
        int vel = head.indexOf("velocity");
        if (path < 0 || cls < 0) {
            throw new IOException(tsv + ":1: needs the columns path and class (and source, kind, midi_pitch, "
                    + "velocity when known), tab-separated");
        }
        Path base = tsv.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split("\t", -1);
            String where = tsv + ":" + (i + 1) + ": ";
            if (f.length <= Math.max(path, cls)) {
                throw new IOException(where + "too few columns");
            }
            Instrument inst = Instrument.fromCode(f[cls])
                    .orElseThrow(() -> new IOException(where + "unknown instrument code '" + f[cls] + "'"));
            String k = kind >= 0 && kind < f.length && !f[kind].isBlank() ? f[kind].strip().toLowerCase(Locale.ROOT)
                    : null;
            if (k != null && !List.of("note", "stem", "singing", "phrase").contains(k)) {
                throw new IOException(where + "unknown kind '" + k + "' (note, stem, singing or phrase)");
            }
            Double p = null;
            Integer v = null;
            try {
                if (pitch >= 0 && pitch < f.length && !f[pitch].isBlank()) {
                    p = Double.parseDouble(f[pitch].strip());
                }
                if (vel >= 0 && vel < f.length && !f[vel].isBlank()) {
                    v = Integer.parseInt(f[vel].strip());
                }
            } catch (NumberFormatException e) {
                throw new IOException(where + "pitch or velocity is not a number");
            }
            Path file = base.resolve(f[path].strip());
            String source = src >= 0 && src < f.length && !f[src].isBlank() ? f[src].strip()
                    : base.getFileName().toString();
            out.add(new Entry(file, inst, source, k, p, v, null));
        }
        return out;
    }

    private static List<Entry> walk(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> files = AudioFiles.audioFilesUnder(root);
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            Path parent = f.getParent();
            var inst = Instrument.fromCode(parent.getFileName().toString());
            if (inst.isEmpty()) {
                continue;
            }
            Path rel = root.relativize(parent);
            String source = rel.getNameCount() >= 2 ? rel.getName(0).toString() : root.getFileName().toString();
            out.add(new Entry(f, inst.get(), source, null, null, null, null));
        }
        return out;
    }

    /** Fills in what the listing left open (pitch, dynamic, kind), on all cores, and groups by source. */
    private static List<SampleSource> assemble(List<Entry> entries, Map<String, String> licences,
                                               java.util.function.Consumer<String> skipped) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "timbre-samples");
            t.setDaemon(true);
            return t;
        });
        List<Future<Entry>> futures = new ArrayList<>();
        for (Entry e : entries) {
            futures.add(pool.submit(() -> complete(e)));
        }
        List<Entry> done = new ArrayList<>();
        try {
            for (int i = 0; i < futures.size(); i++) {
                try {
                    done.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    String why = c instanceof IOException || c instanceof IllegalArgumentException
                            ? c.getMessage() : String.valueOf(c);
                    skipped.accept(why != null && why.contains(entries.get(i).file().toString()) ? why
                            : entries.get(i).file() + ": " + why);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading samples");
        } finally {
            pool.shutdownNow();
        }
        Map<String, Map<Instrument, List<Entry>>> bySource = new LinkedHashMap<>();
        for (Entry e : done) {
            bySource.computeIfAbsent(e.source(), k -> new EnumMap<>(Instrument.class))
                    .computeIfAbsent(e.instrument(), k -> new ArrayList<>()).add(e);
        }
        List<SampleSource> out = new ArrayList<>();
        for (var s : bySource.entrySet()) {
            Map<Instrument, List<Note>> notes = new EnumMap<>(Instrument.class);
            Map<Instrument, List<Path>> phrases = new EnumMap<>(Instrument.class);
            for (var byInst : s.getValue().entrySet()) {
                List<Entry> es = byInst.getValue();
                List<Entry> noteEntries = es.stream().filter(e -> e.kind().equals("note")).toList();
                int[] velocities = velocities(noteEntries);
                List<Note> ns = new ArrayList<>();
                for (int i = 0; i < noteEntries.size(); i++) {
                    Entry e = noteEntries.get(i);
                    ns.add(new Note(e.file(), e.pitch(), velocities[i]));
                }
                if (!ns.isEmpty()) {
                    notes.put(byInst.getKey(), ns);
                }
                List<Path> ps = es.stream().filter(e -> !e.kind().equals("note")).map(Entry::file).toList();
                if (!ps.isEmpty()) {
                    phrases.put(byInst.getKey(), ps);
                }
            }
            out.add(new SampleSource(s.getKey(), notes, phrases, licences.getOrDefault(s.getKey(), NOT_STATED)));
        }
        out.sort(Comparator.comparing(SampleSource::name));
        return out;
    }

    /** The entry with kind and pitch decided, and the level of a note whose dynamic is not named. */
    private static Entry complete(Entry e) throws IOException {
        if (!Files.isRegularFile(e.file())) {
            throw new IOException(e.file() + ": listed but missing");
        }
        String name = e.file().getFileName().toString();
        String kind = e.kind();
        Double pitch = e.pitch();
        if (pitch == null && (kind == null || kind.equals("note"))) {
            OptionalInt named = NoteNames.pitch(name);
            if (named.isPresent()) {
                pitch = (double) named.getAsInt();
                kind = "note";
            }
        }
        Integer velocity = e.velocity();
        Double level = null;
        if (velocity == null) {
            OptionalInt named = NoteNames.velocity(name, e.instrument() == Instrument.PIA);
            velocity = named.isPresent() ? named.getAsInt() : null;
        }
        boolean needAudio = !"stem".equals(kind) && !"singing".equals(kind) && !"phrase".equals(kind)
                && (pitch == null || velocity == null);
        if (needAudio) {
            AudioClip clip = AudioDecoder.read(e.file());
            float[] mono = Mixdown.toMono(clip.channels());
            if (pitch == null) {
                OptionalDouble est = clip.durationSeconds() <= NOTE_MAX_SECONDS || "note".equals(kind)
                        ? PitchEstimator.DEFAULT.estimateMidi(mono, clip.sampleRate()) : OptionalDouble.empty();
                if (est.isPresent()) {
                    pitch = est.getAsDouble();
                    kind = "note";
                } else if ("note".equals(kind)) {
                    throw new IOException(e.file() + ": listed as a note, but no pitch in its name and none found "
                            + "in the audio");
                } else {
                    kind = "phrase";
                }
            }
            if (velocity == null && "note".equals(kind)) {
                level = loudestDb(mono, clip.sampleRate());
            }
        }
        if (kind == null) {
            kind = pitch != null ? "note" : "phrase";
        }
        return new Entry(e.file(), e.instrument(), e.source(), kind, pitch, velocity, level);
    }

    /**
     * Velocities of one source's notes of one instrument: as named, or, for notes whose level was measured,
     * spread over 35–115 by their rank in loudness (the quietest 35).
     */
    private static int[] velocities(List<Entry> notes) {
        int[] out = new int[notes.size()];
        List<Integer> measured = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Entry e = notes.get(i);
            if (e.velocity() != null) {
                out[i] = Math.max(1, Math.min(127, e.velocity()));
            } else if (e.levelDb() != null) {
                measured.add(i);
            } else {
                out[i] = 80;
            }
        }
        measured.sort(Comparator.comparingDouble(i -> notes.get(i).levelDb()));
        for (int r = 0; r < measured.size(); r++) {
            double q = measured.size() == 1 ? 0.5 : r / (double) (measured.size() - 1);
            out[measured.get(r)] = (int) Math.round(35 + 80 * q);
        }
        return out;
    }

    /** The level of the loudest 50-ms stretch, in dB relative to full scale. */
    static double loudestDb(float[] x, int rate) {
        int block = Math.max(1, rate / 20);
        double best = 0;
        for (int from = 0; from < x.length; from += block) {
            int to = Math.min(x.length, from + block);
            double s = 0;
            for (int i = from; i < to; i++) {
                s += (double) x[i] * x[i];
            }
            best = Math.max(best, s / (to - from));
        }
        return best <= 0 ? -200 : 10 * Math.log10(best);
    }
}
