package dev.timbre.dataset.synth;

import dev.timbre.dataset.Instrument;

import java.util.List;

/**
 * How an IRMAS class is played: its General MIDI programs, a realistic pitch range and a playing style.
 *
 * @param instrument the class
 * @param programs   GM program numbers (0-based) that sound like it
 * @param low        lowest MIDI note it plays
 * @param high       highest MIDI note it plays
 * @param style      how phrases are built
 * @param vibrato    whether long notes get vibrato (mod wheel) and expression swells
 */
public record Voice(Instrument instrument, int[] programs, int low, int high, Style style, boolean vibrato) {

    /** Playing styles. */
    public enum Style {
        /** Single-line melody (winds, bowed strings, voice). */
        MELODY,
        /** Left-hand chords or arpeggios and a right-hand melody. */
        KEYBOARD,
        /** Sustained chords with a slow melody on top. */
        ORGAN,
        /** Strummed or finger-picked chords. */
        STRUM,
        /** Power-chord riffs, clean arpeggios or a bending lead line. */
        ELECTRIC
    }

    /** The GM programs per class (0-based): e.g. gac 24–25, gel 26–30, org 16–20, sax 64–67, voi 52–54. */
    public static final List<Voice> ALL = List.of(
            new Voice(Instrument.CEL, new int[]{42}, 36, 72, Style.MELODY, true),
            new Voice(Instrument.CLA, new int[]{71}, 50, 86, Style.MELODY, false),
            new Voice(Instrument.FLU, new int[]{73}, 60, 93, Style.MELODY, true),
            new Voice(Instrument.GAC, new int[]{24, 25}, 40, 76, Style.STRUM, false),
            new Voice(Instrument.GEL, new int[]{26, 27, 28, 29, 30}, 40, 84, Style.ELECTRIC, false),
            new Voice(Instrument.ORG, new int[]{16, 17, 18, 19, 20}, 36, 84, Style.ORGAN, false),
            new Voice(Instrument.PIA, new int[]{0, 1, 2}, 33, 96, Style.KEYBOARD, false),
            new Voice(Instrument.SAX, new int[]{64, 65, 66, 67}, 44, 81, Style.MELODY, true),
            new Voice(Instrument.TRU, new int[]{56, 59}, 54, 84, Style.MELODY, true),
            new Voice(Instrument.VIO, new int[]{40}, 55, 93, Style.MELODY, true),
            new Voice(Instrument.VOI, new int[]{52, 53, 54}, 48, 79, Style.MELODY, true));

    public static Voice of(Instrument i) {
        return ALL.get(i.index());
    }

    /** The range of one program: the saxophones differ (soprano, alto, tenor, baritone). */
    public int[] range(int program) {
        return switch (program) {
            case 64 -> new int[]{56, 87};
            case 65 -> new int[]{49, 81};
            case 66 -> new int[]{44, 76};
            case 67 -> new int[]{36, 69};
            default -> new int[]{low, high};
        };
    }
}
