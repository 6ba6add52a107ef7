package dev.timbre.dataset.synth;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the file names of sample libraries say about a recorded note: its pitch ({@code A4}, {@code As2},
 * {@code C#5}, {@code Bb3}, {@code dsharp5}, NSynth's {@code _060-100}) and its dynamic ({@code pp} … {@code ff},
 * {@code pianissimo} … {@code fortissimo}, NSynth's velocity), as MIDI numbers.
 */
final class NoteNames {

    /** A note name with an octave, not inside a longer word: {@code A4}, {@code as2}, {@code c#5}, {@code bb-1}. */
    private static final Pattern NOTE = Pattern.compile(
            "(?<![a-z0-9])([a-g])(#|s|sharp|b|flat)?(-?[0-8])(?![0-9a-z])");
    /** NSynth: {@code <instrument>_<source>_<nnn>-<pitch>-<velocity>}. */
    private static final Pattern NSYNTH = Pattern.compile("_\\d{3}-(\\d{3})-(\\d{3})$");
    private static final int[] STEPS = {9, 11, 0, 2, 4, 5, 7};

    private NoteNames() {
    }

    /** The MIDI pitch a file name states, if it states one. */
    static OptionalInt pitch(String fileName) {
        String base = stem(fileName);
        Matcher ns = NSYNTH.matcher(base);
        if (ns.find()) {
            return OptionalInt.of(Integer.parseInt(ns.group(1)));
        }
        Matcher m = NOTE.matcher(base);
        while (m.find()) {
            String accidental = m.group(2);
            int semitone = STEPS[m.group(1).charAt(0) - 'a'];
            if (accidental != null) {
                semitone += accidental.equals("b") || accidental.equals("flat") ? -1 : 1;
            }
            int octave = Integer.parseInt(m.group(3));
            int midi = 12 * (octave + 1) + semitone;
            if (midi >= 12 && midi <= 120) {
                return OptionalInt.of(midi);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The dynamic a file name states, as a MIDI velocity: pp 30, p 45, mp 60, mf 75, f 95, ff 112 (or NSynth's own
     * velocity). The word "piano" counts as a dynamic only when the instrument is not a piano.
     */
    static OptionalInt velocity(String fileName, boolean pianoInstrument) {
        String base = stem(fileName);
        Matcher ns = NSYNTH.matcher(base);
        if (ns.find()) {
            return OptionalInt.of(Math.max(1, Math.min(127, Integer.parseInt(ns.group(2)))));
        }
        String s = " " + base.replaceAll("[^a-z0-9]+", " ") + " ";
        if (s.contains(" mezzo piano ") || s.contains(" mezzopiano ") || s.contains(" mp ")) {
            return OptionalInt.of(60);
        }
        if (s.contains(" mezzo forte ") || s.contains(" mezzoforte ") || s.contains(" mf ")) {
            return OptionalInt.of(75);
        }
        if (s.contains(" fortissimo ") || s.contains(" ff ") || s.contains(" fff ")) {
            return OptionalInt.of(112);
        }
        if (s.contains(" pianissimo ") || s.contains(" pp ") || s.contains(" ppp ")) {
            return OptionalInt.of(30);
        }
        if (s.contains(" forte ") || s.contains(" f ")) {
            return OptionalInt.of(95);
        }
        if ((!pianoInstrument && s.contains(" piano ")) || s.contains(" p ")) {
            return OptionalInt.of(45);
        }
        return OptionalInt.empty();
    }

    private static String stem(String fileName) {
        String s = fileName.toLowerCase(Locale.ROOT);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
