package dev.timbre.dataset.synth;

import dev.timbre.dataset.Instrument;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes plausible phrases for each playing style over a shared harmony: a key, a mode, a tempo and a chord
 * progression. Everything is drawn from the given random source, so a seed fixes the music.
 */
final class Composer {

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final int[][] PROGRESSIONS = {{0, 3, 4, 0}, {0, 5, 3, 4}, {0, 4, 5, 3}, {1, 4, 0, 0},
            {0, 3, 0, 4}, {5, 3, 0, 4}, {0, 6, 5, 4}, {0, 2, 3, 4}};
    private static final double[][] RHYTHMS = {{1, 1, 1, 1}, {2, 1, 1}, {1.5, 0.5, 2}, {0.5, 0.5, 1, 2},
            {1, 0.5, 0.5, 1, 1}, {3, 1}, {4}, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1}, {0.75, 0.25, 1, 2}, {1, 1, 2},
            {2, 2}, {0.5, 1, 0.5, 2}};

    final Random rng;
    final int root;
    final int[] scale;
    final double beat;
    final int beatsPerBar;
    final int[] progression;

    Composer(Random rng) {
        this.rng = rng;
        this.root = rng.nextInt(12);
        this.scale = rng.nextDouble() < 0.6 ? MAJOR : MINOR;
        this.beat = 60.0 / (60 + rng.nextInt(100));
        this.beatsPerBar = rng.nextDouble() < 0.85 ? 4 : 3;
        this.progression = PROGRESSIONS[rng.nextInt(PROGRESSIONS.length)];
    }

    double bar() {
        return beat * beatsPerBar;
    }

    /** Scale degree (any integer, octaves included) → MIDI pitch relative to octave 0 of the key. */
    int pitchOf(int degree) {
        int oct = Math.floorDiv(degree, 7);
        return root + 12 * oct + scale[Math.floorMod(degree, 7)];
    }

    /** The degree of the chord root at time t. */
    int chordAt(double t) {
        int bar = (int) Math.floor(t / bar());
        return progression[Math.floorMod(bar, progression.length)];
    }

    /** Nearest scale degree whose pitch is ≥ the given MIDI pitch. */
    int degreeAtOrAbove(int pitch) {
        int d = (pitch - root) / 12 * 7 - 7;
        while (pitchOf(d) < pitch) {
            d++;
        }
        return d;
    }

    /** A single melodic line in [low, high]. */
    void melody(Score.Part part, double from, double to, int low, int high, double legato, int velocity,
                boolean vibrato) {
        int span = high - low;
        int center = low + span / 3 + rng.nextInt(Math.max(1, span / 3));
        int degree = degreeAtOrAbove(center);
        double t = from;
        double expressionPhase = rng.nextDouble() * Math.PI * 2;
        while (t < to) {
            double[] rhythm = RHYTHMS[rng.nextInt(RHYTHMS.length)];
            int phraseVel = clamp(velocity + rng.nextInt(21) - 10, 30, 127);
            for (double beats : rhythm) {
                double dur = beats * beat;
                if (t >= to) {
                    break;
                }
                if (rng.nextDouble() < 0.1) {
                    t += dur;
                    continue;
                }
                int r = rng.nextInt(100);
                int step = r < 35 ? 1 : r < 70 ? -1 : r < 80 ? 2 : r < 90 ? -2 : r < 95 ? 4 : -3;
                if (rng.nextDouble() < 0.08) {
                    step = 0;
                }
                degree += step;
                // Lean toward chord tones on strong beats.
                if (((t - from) / beat) % 2 < 0.01 && rng.nextBoolean()) {
                    int chord = chordAt(t);
                    int rel = Math.floorMod(degree - chord, 7);
                    if (rel == 1 || rel == 3 || rel == 5) {
                        degree -= 1;
                    }
                }
                while (pitchOf(degree) > high) {
                    degree -= 2;
                }
                while (pitchOf(degree) < low) {
                    degree += 2;
                }
                int vel = clamp(phraseVel + rng.nextInt(11) - 5, 20, 127);
                double length = dur * legato;
                part.notes().add(new Score.Note(t, length, pitchOf(degree), vel));
                if (vibrato && length > 0.35) {
                    part.controls().add(new Score.Control(t, 1, 0));
                    part.controls().add(new Score.Control(t + 0.12 + rng.nextDouble() * 0.15, 1,
                            30 + rng.nextInt(60)));
                }
                part.controls().add(new Score.Control(t, 11,
                        clamp((int) (100 + 22 * Math.sin(expressionPhase + t * 1.3)), 60, 127)));
                t += dur;
            }
            // Breath between phrases.
            if (rng.nextDouble() < 0.35) {
                t += beat * (rng.nextBoolean() ? 1 : 0.5);
            }
        }
    }

    /** The instruments whose melodies {@link #inflect} can colour: the horns of jazz, soul and pop. */
    static final Set<Instrument> INFLECTED = Set.of(Instrument.SAX, Instrument.TRU);
    /** Pitch-bend value per cent with the General MIDI bend range of two semitones. */
    static final double BEND_PER_CENT = 8192 / 200.0;
    /** Spacing of the pitch-bend steps that make a glide. */
    static final double GLIDE_STEP = 0.01;
    /** The controller that carries a growl's depth (CC2, breath): only recorded notes play it. */
    static final int GROWL = 2;

    /**
     * Plays a melody the way jazz and pop horn players do: notes scooped up into from below, and notes that fall
     * off or rise off (a doit) at their end, each a glide of pitch-bend steps within the General MIDI bend range;
     * and, for some parts, a growl over the whole part (CC2, which the sample player turns into the rough
     * amplitude modulation of a player humming through the horn; SoundFonts have no such modulator).
     */
    void inflect(Score.Part part) {
        List<Score.Note> notes = part.notes();
        for (int i = 0; i < notes.size(); i++) {
            Score.Note n = notes.get(i);
            double next = i + 1 < notes.size() ? notes.get(i + 1).start() : Double.POSITIVE_INFINITY;
            double end = Math.min(n.start() + n.duration(), next);
            double length = end - n.start();
            if (length < 0.15) {
                continue;
            }
            double r = rng.nextDouble();
            if (r < 0.35) {
                double glide = Math.min(length * 0.5, 0.04 + 0.1 * rng.nextDouble());
                glide(part, n.start(), glide, -(50 + rng.nextInt(151)), 0);
            } else if (r < 0.55 && length > 0.3) {
                double glide = Math.min(length * 0.6, 0.1 + 0.25 * rng.nextDouble());
                glide(part, end - glide, glide, 0, -(100 + rng.nextInt(101)));
                backToPitch(part, next);
            } else if (r < 0.62 && length > 0.3) {
                double glide = Math.min(length * 0.4, 0.08 + 0.12 * rng.nextDouble());
                glide(part, end - glide, glide, 0, 100 + rng.nextInt(101));
                backToPitch(part, next);
            }
        }
        if (rng.nextDouble() < 0.4) {
            part.controls().add(new Score.Control(0, GROWL, 30 + rng.nextInt(98)));
        }
    }

    /**
     * Bend back to rest as the next note starts (none after the last), so that a fall or doit carries on through
     * its note's release, as a player's does, and no later note inherits it.
     */
    private static void backToPitch(Score.Part part, double next) {
        if (next != Double.POSITIVE_INFINITY) {
            part.bends().add(new Score.Bend(next, 8192));
        }
    }

    /** Pitch-bend steps from {@code fromCents} at {@code start} to {@code toCents} {@code seconds} later. */
    private static void glide(Score.Part part, double start, double seconds, double fromCents, double toCents) {
        int steps = Math.max(1, (int) Math.round(seconds / GLIDE_STEP));
        for (int k = 0; k <= steps; k++) {
            double cents = fromCents + (toCents - fromCents) * k / steps;
            part.bends().add(new Score.Bend(start + seconds * k / steps,
                    clamp((int) Math.round(8192 + cents * BEND_PER_CENT), 0, 16383)));
        }
    }

    /** Chord tones of the chord at time t, voiced upward from about {@code bottom}. */
    int[] chordTones(double t, int bottom, int count, boolean seventh) {
        int chord = chordAt(t);
        int d = degreeAtOrAbove(bottom);
        while (Math.floorMod(d - chord, 7) != 0) {
            d++;
        }
        int[] tones = new int[count];
        int[] steps = seventh ? new int[]{0, 2, 4, 6} : new int[]{0, 2, 4};
        for (int i = 0; i < count; i++) {
            tones[i] = pitchOf(d + steps[i % steps.length] + 7 * (i / steps.length));
        }
        return tones;
    }

    /** Piano: left-hand chords, arpeggios or Alberti bass; right-hand melody. */
    void keyboard(Score.Part part, double from, double to, int low, int high, int velocity) {
        int pattern = rng.nextInt(3);
        boolean seventh = rng.nextDouble() < 0.3;
        for (double t = from; t < to; t += bar()) {
            int[] tones = chordTones(t, Math.max(low, 40 + rng.nextInt(8)), 3, seventh);
            int vel = clamp(velocity - 15 + rng.nextInt(10), 25, 120);
            switch (pattern) {
                case 0 -> {
                    for (int b = 0; b < beatsPerBar; b += 2) {
                        for (int p : tones) {
                            part.notes().add(new Score.Note(t + b * beat, beat * 1.9, p, vel));
                        }
                    }
                }
                case 1 -> {
                    for (int i = 0; i < beatsPerBar * 2; i++) {
                        int p = tones[i % tones.length] + (i >= tones.length ? 12 : 0);
                        part.notes().add(new Score.Note(t + i * beat / 2, beat * 1.5, p, vel));
                    }
                }
                default -> {
                    int[] order = {0, 2, 1, 2};
                    for (int i = 0; i < beatsPerBar * 2; i++) {
                        part.notes().add(new Score.Note(t + i * beat / 2, beat / 2 * 0.95,
                                tones[order[i % 4]], vel - 5));
                    }
                }
            }
            part.controls().add(new Score.Control(t, 64, 127));
            part.controls().add(new Score.Control(t + bar() - 0.02, 64, 0));
        }
        melody(part, from, to, Math.max(low, 60), high, 0.9, velocity, false);
    }

    /** Organ: sustained chords, often with a melody on top. */
    void organ(Score.Part part, double from, double to, int low, int high, int velocity) {
        for (double t = from; t < to; t += bar()) {
            int[] tones = chordTones(t, 48 + rng.nextInt(7), 3 + rng.nextInt(2), rng.nextDouble() < 0.3);
            for (int p : tones) {
                part.notes().add(new Score.Note(t, bar() * 0.98, p, velocity - 10));
            }
            if (rng.nextDouble() < 0.5) {
                part.notes().add(new Score.Note(t, bar() * 0.98, tones[0] - 12, velocity - 10));
            }
        }
        if (rng.nextDouble() < 0.6) {
            melody(part, from, to, 62, high, 0.97, velocity, false);
        }
    }

    /** Acoustic guitar: strummed chords or finger-picked arpeggios that ring. */
    void strum(Score.Part part, double from, double to, int velocity) {
        boolean picked = rng.nextDouble() < 0.4;
        int[][] strumPatterns = {{1, 0, 1, -1, 0, -1, 1, -1}, {1, 0, 0, 0, 1, 0, -1, 0}, {1, -1, 1, -1, 1, -1, 1, -1},
                {1, 0, 1, 0, 1, 0, 1, 0}};
        int[] pattern = strumPatterns[rng.nextInt(strumPatterns.length)];
        for (double t = from; t < to; t += bar()) {
            int[] tones = chordTones(t, 40 + rng.nextInt(8), 5 + rng.nextInt(2), false);
            if (picked) {
                int[] order = {0, 2, 1, 3, 2, 4, 3, 1};
                for (int i = 0; i < beatsPerBar * 2; i++) {
                    int p = tones[order[i % order.length] % tones.length];
                    part.notes().add(new Score.Note(t + i * beat / 2, beat * 2, p,
                            clamp(velocity - 10 + rng.nextInt(15), 20, 127)));
                }
            } else {
                for (int i = 0; i < beatsPerBar * 2; i++) {
                    int dir = pattern[i % pattern.length];
                    if (dir == 0) {
                        continue;
                    }
                    double start = t + i * beat / 2;
                    double spread = 0.008 + rng.nextDouble() * 0.015;
                    int strings = dir > 0 ? tones.length : Math.min(4, tones.length);
                    for (int s = 0; s < strings; s++) {
                        int idx = dir > 0 ? s : tones.length - 1 - s;
                        part.notes().add(new Score.Note(start + s * spread, beat * 0.9, tones[idx],
                                clamp(velocity - (dir > 0 ? 0 : 15) + rng.nextInt(10), 20, 127)));
                    }
                }
            }
        }
    }

    /** Electric guitar: chugging power chords, clean arpeggios or a lead line with bends. */
    void electric(Score.Part part, double from, double to, int program, int velocity) {
        int kind = program >= 29 ? rng.nextInt(2) * 2 : rng.nextInt(3);
        if (kind == 0) {
            for (double t = from; t < to; t += bar()) {
                int rootPitch = pitchOf(chordAt(t)) % 12 + 40;
                for (int i = 0; i < beatsPerBar * 2; i++) {
                    double start = t + i * beat / 2;
                    double len = beat / 2 * (rng.nextDouble() < 0.5 ? 0.45 : 0.9);
                    int vel = clamp(velocity + (i % 2 == 0 ? 5 : -10), 20, 127);
                    for (int p : new int[]{rootPitch, rootPitch + 7, rootPitch + 12}) {
                        part.notes().add(new Score.Note(start, len, p, vel));
                    }
                }
            }
        } else if (kind == 1) {
            for (double t = from; t < to; t += bar()) {
                int[] tones = chordTones(t, 48 + rng.nextInt(6), 4, rng.nextBoolean());
                for (int i = 0; i < beatsPerBar * 2; i++) {
                    part.notes().add(new Score.Note(t + i * beat / 2, beat * 1.2, tones[i % tones.length],
                            clamp(velocity - 10 + rng.nextInt(10), 20, 127)));
                }
            }
        } else {
            melody(part, from, to, 55, 84, 0.85, velocity, false);
            for (Score.Note n : List.copyOf(part.notes())) {
                if (n.duration() > 0.3 && rng.nextDouble() < 0.35) {
                    part.bends().add(new Score.Bend(n.start() + n.duration() * 0.3, 8192 + 2048 + rng.nextInt(2048)));
                    part.bends().add(new Score.Bend(n.start() + n.duration(), 8192));
                }
            }
        }
    }

    /**
     * A few separate notes or chords, each held until the next (or to the end) so it sounds out as recorded,
     * at random moments: an instrument heard as a sound library or a sound-effects recording has it, rather than
     * as a phrase in a band.
     */
    void sparse(Score.Part part, double from, double to, int low, int high, int velocity, boolean chords) {
        int events = 1 + rng.nextInt(4);
        double[] onsets = new double[events];
        for (int i = 0; i < events; i++) {
            onsets[i] = from + rng.nextDouble() * Math.max(0.1, to - from - 0.3);
        }
        java.util.Arrays.sort(onsets);
        onsets[0] = Math.min(onsets[0], from + rng.nextDouble() * 0.5);
        for (int i = 0; i < events; i++) {
            double end = i + 1 < events ? onsets[i + 1] - 0.02 : to;
            double length = Math.max(0.1, end - onsets[i]);
            int vel = clamp(velocity - 40 + rng.nextInt(60), 30, 127);
            int pitch = low + rng.nextInt(Math.max(1, high - low + 1));
            if (chords && rng.nextBoolean()) {
                for (int tone : chordTones(onsets[i], pitch, 3 + rng.nextInt(2), false)) {
                    if (tone <= high + 7) {
                        part.notes().add(new Score.Note(onsets[i], length, tone, vel));
                    }
                }
            } else {
                part.notes().add(new Score.Note(onsets[i], length, pitch, vel));
            }
        }
    }

    /** Bass line on chord roots. */
    void bass(Score.Part part, double from, double to, int velocity) {
        for (double t = from; t < to; t += bar()) {
            int p = pitchOf(chordAt(t)) % 12 + 36;
            for (int b = 0; b < beatsPerBar; b++) {
                int pitch = b == 2 && rng.nextBoolean() ? p + 7 : p;
                part.notes().add(new Score.Note(t + b * beat, beat * 0.85, pitch,
                        clamp(velocity + rng.nextInt(10) - 5, 20, 127)));
            }
        }
    }

    /** A drum kit groove on channel 10. */
    void drums(Score.Part part, double from, double to, int velocity) {
        boolean ride = rng.nextDouble() < 0.3;
        part.notes().add(new Score.Note(from, 0.5, 49, velocity));
        for (double t = from; t < to; t += bar()) {
            for (int i = 0; i < beatsPerBar * 2; i++) {
                double s = t + i * beat / 2;
                part.notes().add(new Score.Note(s, 0.1, ride ? 51 : 42, clamp(velocity - 20 + rng.nextInt(15), 10, 127)));
                if (i % 4 == 0 || (i == 5 && rng.nextBoolean())) {
                    part.notes().add(new Score.Note(s, 0.1, 36, velocity));
                }
                if (i % 4 == 2) {
                    part.notes().add(new Score.Note(s, 0.1, 38, velocity));
                }
            }
        }
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
