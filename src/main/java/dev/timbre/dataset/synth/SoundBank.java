package dev.timbre.dataset.synth;

import com.sun.media.sound.SoftSynthesizer;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Soundbank;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A General MIDI SoundFont the synthesizer can play: a file found on the system or the JDK's built-in bank.
 *
 * @param name a short name (the file name without extension, or {@code jdk-builtin})
 * @param file the SoundFont file, or {@code null} for the JDK's built-in bank
 */
public record SoundBank(String name, Path file) {

    public static final String BUILTIN = "jdk-builtin";

    /** Where Debian and most distributions install GM SoundFonts. */
    public static final List<Path> SEARCH_DIRS = List.of(Path.of("/usr/share/sounds/sf2"),
            Path.of("/usr/share/soundfonts"), Path.of("/usr/share/sounds/sf3"));

    /** Replaces {@link #SEARCH_DIRS} when set: paths separated by the path separator; empty means none. */
    public static final String SEARCH_ENV = "TIMBRE_SOUNDFONTS";

    /** The directories searched: {@code $TIMBRE_SOUNDFONTS} when set (to measure a bare machine), else the system's. */
    public static List<Path> searchDirs() {
        String env = System.getenv(SEARCH_ENV);
        if (env == null) {
            return SEARCH_DIRS;
        }
        return java.util.Arrays.stream(env.split(java.io.File.pathSeparator)).filter(x -> !x.isBlank())
                .map(Path::of).toList();
    }

    /**
     * Every distinct GM SoundFont in {@link #searchDirs()} plus {@code extra} (files or directories; a directory
     * holding a GUS patch set such as Debian's {@code /usr/share/midi/freepats} is converted, see
     * {@link GusPatchSet}, and named after the directory), deduplicated
     * by real path (Debian's {@code default-GM.sf2} is a link to another bank), sorted by name; the JDK's
     * built-in bank when none is found.
     */
    public static List<SoundBank> discover(List<Path> extra) throws IOException {
        Map<Path, SoundBank> found = new LinkedHashMap<>();
        List<Path> places = new ArrayList<>(searchDirs());
        for (Path p : extra) {
            if (!Files.exists(p)) {
                throw new IOException(p + ": no such SoundFont file or directory");
            }
            places.add(p);
        }
        for (Path place : places) {
            List<Path> files;
            if (extra.contains(place) && GusPatchSet.isPatchSet(place)) {
                Path sf2 = converted(place, dev.timbre.feature.FeatureCache.defaultDir());
                found.putIfAbsent(sf2.toRealPath(), new SoundBank(place.toRealPath().getFileName().toString(),
                        sf2.toRealPath()));
                continue;
            }
            if (Files.isDirectory(place)) {
                try (Stream<Path> s = Files.list(place)) {
                    files = s.sorted().toList();
                }
            } else if (Files.exists(place)) {
                files = List.of(place);
            } else {
                continue;
            }
            for (Path f : files) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                // Gervill reads SF2 only; Debian's .sf3 entries are links to the .sf2 banks.
                if (!n.endsWith(".sf2") || !Files.isRegularFile(f)) {
                    continue;
                }
                Path real = f.toRealPath();
                String name = real.getFileName().toString().replaceFirst("(?i)\\.sf2$", "");
                found.putIfAbsent(real, new SoundBank(name, real));
            }
        }
        List<SoundBank> out = new ArrayList<>(found.values());
        out.sort(java.util.Comparator.comparing(SoundBank::name));
        if (out.isEmpty()) {
            out.add(new SoundBank(BUILTIN, null));
        }
        return out;
    }

    /**
     * The SoundFont made from a GUS patch set (e.g. Debian's {@code /usr/share/midi/freepats}), converted once into
     * {@code <cache>/soundfonts/<key>/<set name>.sf2}; the key covers every patch file's path, size and
     * modification time, so an updated set is converted again.
     */
    static Path converted(Path set, Path cache) throws IOException {
        Path real = set.toRealPath();
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update("gus-patch-set-v1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (Stream<Path> s = Files.walk(real)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                md.update((real.relativize(p) + "\t" + Files.size(p) + "\t"
                        + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String key = java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        Path sf2 = cache.resolve("soundfonts").resolve(key).resolve(real.getFileName() + ".sf2");
        if (!Files.isRegularFile(sf2)) {
            GusPatchSet.convert(real, real.getFileName().toString(), sf2);
        }
        return sf2;
    }

    /** Loads the bank (SF2 samples are read lazily, so this is quick even for large files). */
    public Soundbank load() throws IOException {
        try {
            if (file == null) {
                SoftSynthesizer s = new SoftSynthesizer();
                return s.getDefaultSoundbank();
            }
            return MidiSystem.getSoundbank(file.toFile());
        } catch (InvalidMidiDataException e) {
            throw new IOException(file + ": not a readable SoundFont (" + e.getMessage() + ")", e);
        }
    }

    public boolean builtin() {
        return file == null;
    }

    static void requireSynth() throws IOException {
        try {
            MidiSystem.getSynthesizer();
        } catch (MidiUnavailableException e) {
            throw new IOException("the JDK's MIDI synthesizer is unavailable: " + e.getMessage(), e);
        }
    }
}
