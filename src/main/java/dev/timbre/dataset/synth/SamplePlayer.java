package dev.timbre.dataset.synth;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioDecoder;
import dev.timbre.audio.Mixdown;
import dev.timbre.audio.Resampler;
import dev.timbre.dataset.Instrument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plays a {@link Score.Part} on the recorded notes of a {@link SampleSource}, the way a sampler does: each note is
 * the recording nearest in pitch (and then in dynamic) resampled to the note's pitch, so a note between two
 * recorded ones plays at its own pitch; its level follows its velocity and the part's expression (CC11), the
 * modulation wheel (CC1) sets the depth of a vibrato as a General MIDI synthesizer does, pitch bends move it within
 * the General MIDI range of two semitones, the breath controller (CC2) sets the depth of a growl (see
 * {@link Composer#inflect}), and at its end a note is
 * faded out over a release (long for plucked and struck strings, short for winds, bows and voices), while a
 * recording shorter than the note ends as it was recorded. Decoded recordings are kept in a bounded cache shared
 * by all players.
 */
public final class SamplePlayer {

    /** Farthest a recording is stretched, in semitones, before a note is moved by octaves into the range. */
    static final double MAX_SHIFT = 4;
    /** Level of a note at velocity 100: its loudest 50 ms at this RMS, in dBFS. */
    static final double REFERENCE_DB = -20;
    /** dB per velocity step away from 100. */
    static final double DB_PER_VELOCITY = 0.3;
    /** Vibrato depth at full modulation (CC1 127), in cents either side, as General MIDI synthesizers default to. */
    static final double MAX_VIBRATO_CENTS = 50;
    /** Seconds over which a vibrato grows to its depth once the modulation wheel is raised. */
    static final double VIBRATO_RAMP = 0.2;

    private final int rate;
    private final SampleCache cache;
    private final boolean followsBends;

    /**
     * @param rate  the output rate
     * @param cache decoded recordings at that rate
     */
    public SamplePlayer(int rate, SampleCache cache) {
        this(rate, cache, true);
    }

    /**
     * @param followsBends whether notes follow the part's pitch bends, as SoundFonts do; {@code false} plays them as
     *                     rendering 1 of {@code timbre synth} did, so that its corpora can be made again
     */
    public SamplePlayer(int rate, SampleCache cache, boolean followsBends) {
        this.rate = rate;
        this.cache = cache;
        this.followsBends = followsBends;
    }

    /** The recording a note of {@code pitch} plays, and how far it is shifted. */
    record Choice(SampleSource.Note note, double shift) {
    }

    /** Recordings considered per note when the nearest is too short for it. */
    static final int CANDIDATES = 6;

    /**
     * The recorded notes for a wanted pitch and velocity, best first: nearest in pitch (moving the wanted pitch by
     * octaves into the recorded range when it lies more than {@value #MAX_SHIFT} semitones outside), then nearest
     * in dynamic, the random source deciding among equals; at most {@value #CANDIDATES}.
     */
    static List<Choice> candidates(List<SampleSource.Note> notes, int pitch, int velocity, Random rng) {
        double low = notes.get(0).pitch();
        double high = notes.get(notes.size() - 1).pitch();
        double wanted = pitch;
        while (wanted > high + MAX_SHIFT && wanted - 12 >= low - MAX_SHIFT) {
            wanted -= 12;
        }
        while (wanted < low - MAX_SHIFT && wanted + 12 <= high + MAX_SHIFT) {
            wanted += 12;
        }
        double[] cost = new double[notes.size()];
        Integer[] order = new Integer[notes.size()];
        for (int i = 0; i < cost.length; i++) {
            SampleSource.Note n = notes.get(i);
            cost[i] = Math.abs(n.pitch() - wanted) + 0.01 * Math.abs(n.velocity() - velocity) + 0.3 * rng.nextDouble();
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> cost[i]));
        List<Choice> out = new java.util.ArrayList<>();
        for (int k = 0; k < Math.min(CANDIDATES, order.length); k++) {
            SampleSource.Note n = notes.get(order[k]);
            if (k > 0 && Math.abs(n.pitch() - wanted) > MAX_SHIFT) {
                break;
            }
            out.add(new Choice(n, wanted - n.pitch()));
        }
        return out;
    }

    /** The best recorded note for a wanted pitch and velocity (see {@link #candidates}). */
    static Choice choose(List<SampleSource.Note> notes, int pitch, int velocity, Random rng) {
        return candidates(notes, pitch, velocity, rng).get(0);
    }

    /**
     * Renders the part.
     *
     * @param part       its notes (percussion parts are not played by samples)
     * @param source     the recordings
     * @param instrument which of the source's instruments plays
     * @param seconds    length of the output
     * @param rng        decides among equally good recordings and the release times
     * @return stereo audio, {@code (2, round(seconds * rate))}
     */
    public float[][] render(Score.Part part, SampleSource source, Instrument instrument, double seconds, Random rng)
            throws IOException {
        List<SampleSource.Note> notes = source.notes().get(instrument);
        if (notes == null || notes.isEmpty()) {
            throw new IOException(source.name() + ": has no recorded notes of " + instrument.displayName());
        }
        int frames = (int) Math.round(seconds * rate);
        float[] mono = new float[frames];
        boolean rings = instrument == Instrument.PIA || instrument == Instrument.GAC || instrument == Instrument.GEL;
        double volume = Math.pow(part.volume() / 127.0, 2);
        for (Score.Note n : part.notes()) {
            int at = (int) Math.round(n.start() * rate);
            if (at >= frames) {
                continue;
            }
            double release = rings ? 0.25 + 0.5 * rng.nextDouble() : 0.05 + 0.08 * rng.nextDouble();
            // A sustained note takes the best recording long enough to hold it, or else the longest of the
            // candidates; plucked and struck notes decay anyway, so the nearest serves.
            double needed = rings ? 0 : Math.max(0.02, n.duration()) + release;
            Choice c = null;
            float[] x = null;
            double longest = -1;
            for (Choice cand : candidates(notes, n.pitch(), n.velocity(), rng)) {
                float[] y = cache.get(cand.note().file());
                double lasts = y.length / (rate * Math.pow(2, cand.shift() / 12));
                if (lasts > longest) {
                    longest = lasts;
                    c = cand;
                    x = y;
                }
                if (lasts >= needed) {
                    c = cand;
                    x = y;
                    break;
                }
            }
            double ratio = Math.pow(2, c.shift() / 12);
            double gain = volume * expression(part.controls(), n.start())
                    * Math.pow(10, (REFERENCE_DB + (n.velocity() - 100) * DB_PER_VELOCITY) / 20);
            int hold = (int) Math.round(Math.max(0.02, n.duration()) * rate);
            int releaseSamples = (int) Math.round(release * rate);
            play(x, ratio, gain, hold, releaseSamples, mono, at, vibrato(part.controls(), n, rate, rng),
                    glide(followsBends ? part.bends() : List.of(), n.start(),
                            (hold + releaseSamples) / (double) rate, rate),
                    growl(part.controls(), n.start(), rate, rng));
        }
        double pan = Math.max(0, Math.min(1, part.pan() / 127.0));
        float left = (float) Math.cos(pan * Math.PI / 2);
        float right = (float) Math.sin(pan * Math.PI / 2);
        float[][] out = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            out[0][i] = left * mono[i];
            out[1][i] = right * mono[i];
        }
        return out;
    }

    /** The expression (CC11) in effect at {@code time} as a gain: (value / 127)², 1 where none is set. */
    static double expression(List<Score.Control> controls, double time) {
        int value = latest(controls, 11, time, 127);
        return (value / 127.0) * (value / 127.0);
    }

    /** The value of {@code controller} last set at or before {@code time}, else {@code otherwise}. */
    private static int latest(List<Score.Control> controls, int controller, double time, int otherwise) {
        double when = Double.NEGATIVE_INFINITY;
        int value = otherwise;
        for (Score.Control c : controls) {
            if (c.controller() == controller && c.time() <= time && c.time() >= when) {
                when = c.time();
                value = c.value();
            }
        }
        return value;
    }

    /**
     * A periodic pitch deviation: none before {@code onset} samples, then growing over {@code ramp} samples to
     * {@code cents} either side, advancing {@code radiansPerSample}, starting at {@code phase}.
     */
    record Vibrato(int onset, int ramp, double cents, double radiansPerSample, double phase) {
        static final Vibrato NONE = new Vibrato(0, 1, 0, 0, 0);
    }

    /**
     * The vibrato of a note: the modulation wheel's value at the note's start, or the first raise of it during the
     * note, sets depth and onset; the rate (4.5–6.5 Hz, as players' vibratos go) and phase are drawn per note.
     */
    static Vibrato vibrato(List<Score.Control> controls, Score.Note n, int rate, Random rng) {
        int depth = latest(controls, 1, n.start(), 0);
        double onset = 0;
        if (depth == 0) {
            double first = Double.POSITIVE_INFINITY;
            for (Score.Control c : controls) {
                if (c.controller() == 1 && c.value() > 0 && c.time() > n.start()
                        && c.time() < n.start() + n.duration() && c.time() < first) {
                    first = c.time();
                    depth = c.value();
                }
            }
            onset = first - n.start();
        }
        if (depth == 0) {
            return Vibrato.NONE;
        }
        return new Vibrato((int) Math.round(onset * rate), (int) Math.round(VIBRATO_RAMP * rate),
                MAX_VIBRATO_CENTS * depth / 127.0, 2 * Math.PI * (4.5 + 2 * rng.nextDouble()) / rate,
                rng.nextDouble() * 2 * Math.PI);
    }

    /**
     * The pitch bends over a note, as steps: from sample {@code at[k]} of the note on, it is read {@code factor[k]}
     * times faster than its pitch asks.
     */
    record Glide(int[] at, double[] factor) {
        static final Glide NONE = new Glide(new int[0], new double[0]);
    }

    /**
     * The bends over a note that starts at {@code start} and sounds {@code seconds}: the value in effect at its
     * start (the last one set at or before it), then each change while it sounds, in time order.
     */
    static Glide glide(List<Score.Bend> bends, double start, double seconds, int rate) {
        if (bends.isEmpty()) {
            return Glide.NONE;
        }
        double when = Double.NEGATIVE_INFINITY;
        int value = 8192;
        List<Score.Bend> during = new java.util.ArrayList<>();
        for (Score.Bend b : bends) {
            if (b.time() <= start) {
                if (b.time() >= when) {
                    when = b.time();
                    value = b.value();
                }
            } else if (b.time() < start + seconds) {
                during.add(b);
            }
        }
        if (value == 8192 && during.isEmpty()) {
            return Glide.NONE;
        }
        during.sort(java.util.Comparator.comparingDouble(Score.Bend::time));
        int[] at = new int[during.size() + 1];
        double[] factor = new double[at.length];
        factor[0] = factor(value);
        for (int k = 0; k < during.size(); k++) {
            at[k + 1] = (int) Math.round((during.get(k).time() - start) * rate);
            factor[k + 1] = factor(during.get(k).value());
        }
        return new Glide(at, factor);
    }

    /** The change of read rate a pitch-bend value makes. */
    private static double factor(int bend) {
        return Math.pow(2, (bend - 8192) / Composer.BEND_PER_CENT / 1200);
    }

    /**
     * A growl: the note's amplitude modulated by {@code depth} at a rough low rate and driven into soft saturation,
     * as when a player hums or flutters into the horn.
     */
    record Growl(double depth, double radiansPerSample, double phase) {
        static final Growl NONE = new Growl(0, 0, 0);
    }

    /** The growl of a note: the breath controller's value at its start sets the depth; a rate of 20–40 Hz. */
    static Growl growl(List<Score.Control> controls, double start, int rate, Random rng) {
        int depth = latest(controls, Composer.GROWL, start, 0);
        if (depth == 0) {
            return Growl.NONE;
        }
        return new Growl(depth / 127.0, 2 * Math.PI * (20 + 20 * rng.nextDouble()) / rate,
                rng.nextDouble() * 2 * Math.PI);
    }

    /** Tries at finding a stretch of a phrase where it plays (rather than pauses). */
    private static final int PHRASE_TRIES = 8;
    /** Share of 50-ms blocks within 30 dB of the phrase's loudest that a stretch needs to count as playing. */
    static final double PHRASE_ACTIVITY = 0.6;

    /**
     * A stretch of a recorded phrase as it is, slightly detuned (±30 cents, as takes and tunings differ): where
     * the recording is longer than asked for, a stretch at a random place where it plays (the first of several
     * tries with enough sound, else the one with the most); where shorter, the recording repeated.
     *
     * @param pan 0 (left) … 127 (right)
     * @return stereo audio, {@code (2, round(seconds * rate))}
     */
    public float[][] phrase(Path file, double seconds, int pan, Random rng) throws IOException {
        float[] x = cache.get(file);
        double ratio = Math.pow(2, (rng.nextDouble() * 2 - 1) * 0.3 / 12);
        int frames = (int) Math.round(seconds * rate);
        int need = (int) Math.ceil(frames * ratio) + 4;
        int start = 0;
        if (x.length > need) {
            double bestActivity = -1;
            for (int t = 0; t < PHRASE_TRIES; t++) {
                int s = rng.nextInt(x.length - need);
                double a = activity(x, s, need);
                if (a > bestActivity) {
                    bestActivity = a;
                    start = s;
                }
                if (a >= PHRASE_ACTIVITY) {
                    break;
                }
            }
        }
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            double pos = start + i * ratio;
            int k = (int) pos;
            double f = pos - k;
            float a = x[k % x.length];
            float b = x[(k + 1) % x.length];
            mono[i] = (float) (a + f * (b - a));
        }
        double p = Math.max(0, Math.min(1, pan / 127.0));
        float[][] out = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            out[0][i] = (float) Math.cos(p * Math.PI / 2) * mono[i];
            out[1][i] = (float) Math.sin(p * Math.PI / 2) * mono[i];
        }
        return out;
    }

    /** Share of 50-ms blocks of {@code x[from, from + n)} within 30 dB of the recording's loudest block. */
    private double activity(float[] x, int from, int n) {
        int block = Math.max(1, rate / 20);
        double floor = Math.pow(10, -30 / 10.0); // x is normalised: its loudest block is at 0 dB
        int blocks = 0;
        int loud = 0;
        for (int b = from; b + block <= from + n; b += block) {
            double s = 0;
            for (int i = b; i < b + block; i++) {
                s += (double) x[i] * x[i];
            }
            blocks++;
            loud += s / block >= floor ? 1 : 0;
        }
        return blocks == 0 ? 0 : loud / (double) blocks;
    }

    /**
     * Adds the recording {@code x}, read {@code ratio} times faster (cubic interpolation), bent by {@code vibrato}
     * and {@code glide} and roughened by {@code growl}, held for {@code hold} output samples and then faded out
     * over {@code release}, into {@code out} from {@code at}.
     */
    static void play(float[] x, double ratio, double gain, int hold, int release, float[] out, int at,
                     Vibrato vibrato, Glide glide, Growl growl) {
        int length = (int) Math.min((long) hold + release, (long) out.length - at);
        boolean bends = vibrato.cents() > 0;
        int step = 0;
        double bent = 0;
        double drive = 1 + 2 * growl.depth();
        double growlPhase = growl.phase();
        // The vibrato's sine by a rotating phasor; drift is how far it has moved the read position from i * ratio.
        double cosStep = Math.cos(vibrato.radiansPerSample());
        double sinStep = Math.sin(vibrato.radiansPerSample());
        double sin = Math.sin(vibrato.phase());
        double cos = Math.cos(vibrato.phase());
        double perCent = Math.log(2) / 1200;
        double drift = 0;
        for (int i = 0; i < length; i++) {
            double pos = Math.max(0, i * ratio + drift);
            int k = (int) pos;
            if (k > x.length - 1) {
                break;
            }
            double f = pos - k;
            double xm1 = k > 0 ? x[k - 1] : x[k];
            double x0 = x[k];
            double x1 = k + 1 < x.length ? x[k + 1] : x0;
            double x2 = k + 2 < x.length ? x[k + 2] : x1;
            // Catmull-Rom spline through the four neighbours.
            double v = x0 + 0.5 * f * (x1 - xm1 + f * (2 * xm1 - 5 * x0 + 4 * x1 - x2
                    + f * (3 * (x0 - x1) + x2 - xm1)));
            double env = 1;
            if (i >= hold) {
                double r = (i - hold) / (double) Math.max(1, release);
                env = 0.5 + 0.5 * Math.cos(Math.PI * Math.min(1, r));
            }
            if (growl.depth() > 0) {
                // A hum a little apart from any harmonic: two incommensurate rates make the modulation rough.
                double m = 0.75 * Math.sin(growlPhase) + 0.25 * Math.sin(2.71 * growlPhase);
                v = Math.tanh(drive * v * (1 + growl.depth() * m)) / drive;
                growlPhase += growl.radiansPerSample();
            }
            out[at + i] += (float) (gain * env * v);
            while (step < glide.at().length && glide.at()[step] <= i) {
                bent = glide.factor()[step++] - 1;
            }
            drift += ratio * bent;
            if (bends) {
                if (i >= vibrato.onset()) {
                    double grown = Math.min(1, (i - vibrato.onset()) / (double) Math.max(1, vibrato.ramp()));
                    drift += ratio * perCent * vibrato.cents() * grown * sin;
                }
                double s = sin * cosStep + cos * sinStep;
                cos = cos * cosStep - sin * sinStep;
                sin = s;
            }
        }
    }

    /**
     * Decoded recordings at one rate, mono, leading silence removed and level normalised so that the loudest
     * 50 ms sit at 0 dBFS RMS; the least recently used are dropped beyond a budget. Thread-safe.
     */
    public static final class SampleCache {

        private final int rate;
        private final long budgetSamples;
        private final Map<Path, float[]> entries = new LinkedHashMap<>(64, 0.75f, true);
        private long held;

        /**
         * @param rate        the rate recordings are resampled to
         * @param budgetBytes memory the cache may hold
         */
        public SampleCache(int rate, long budgetBytes) {
            this.rate = rate;
            this.budgetSamples = budgetBytes / Float.BYTES;
        }

        public float[] get(Path file) throws IOException {
            synchronized (this) {
                float[] x = entries.get(file);
                if (x != null) {
                    return x;
                }
            }
            float[] x = load(file);
            synchronized (this) {
                if (entries.putIfAbsent(file, x) == null) {
                    held += x.length;
                    var it = entries.entrySet().iterator();
                    while (held > budgetSamples && it.hasNext()) {
                        var e = it.next();
                        if (e.getKey().equals(file)) {
                            continue;
                        }
                        held -= e.getValue().length;
                        it.remove();
                    }
                }
                return entries.get(file) != null ? entries.get(file) : x;
            }
        }

        private float[] load(Path file) throws IOException {
            AudioClip clip = AudioDecoder.read(file);
            if (clip.sampleRate() != rate) {
                clip = Resampler.resample(clip, rate);
            }
            float[] mono = Mixdown.toMono(clip.channels());
            double loudest = SampleSource.loudestDb(mono, rate);
            if (loudest < -90) {
                throw new IOException(file + ": silent recording");
            }
            int start = onset(mono, loudest);
            float scale = (float) Math.pow(10, -loudest / 20);
            float[] out = new float[mono.length - start];
            int fade = Math.min(out.length, rate / 500);
            for (int i = 0; i < out.length; i++) {
                float v = mono[start + i] * scale;
                out[i] = i < fade ? v * i / fade : v;
            }
            return out;
        }

        /** A few milliseconds before the first 5-ms block within 40 dB of the loudest 50 ms. */
        private int onset(float[] x, double loudestDb) {
            int block = Math.max(1, rate / 200);
            double floor = Math.pow(10, (loudestDb - 40) / 10);
            for (int from = 0; from < x.length; from += block) {
                int to = Math.min(x.length, from + block);
                double s = 0;
                for (int i = from; i < to; i++) {
                    s += (double) x[i] * x[i];
                }
                if (s / (to - from) >= floor) {
                    return Math.max(0, from - rate / 400);
                }
            }
            return 0;
        }
    }
}
