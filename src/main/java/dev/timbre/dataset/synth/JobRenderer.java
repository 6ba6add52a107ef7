package dev.timbre.dataset.synth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a planned {@link CorpusSynthesizer.Job} into audio. A job whose parts are all General MIDI programs and
 * that asks for no balance is rendered in one pass of the SoundFont synthesizer, levels set by MIDI volumes. Any
 * other job is built as a recording is: the predominant parts on one bus (programs, recorded notes or a recorded
 * phrase, each brought to a common level within ±3 dB), the accompaniment on another, each in its own room when
 * {@link Realism} draws one, the accompaniment set {@code leadOverAccompanimentDb} under the lead, then colour,
 * noise and mastering. Every draw comes from the job's seed.
 */
final class JobRenderer {

    /** Attempts per job before a silent rendering is an error. */
    static final int RENDER_ATTEMPTS = 4;
    /** Largest level offset of one predominant part against the others, in dB. */
    static final double LEAD_SPREAD_DB = 3;

    private final CorpusSynthesizer.ScoreRenderer programs;
    private final SamplePlayer samples;
    private final Realism realism;
    private final double inflectionShare;
    private final int rate;

    /**
     * @param programs renders General MIDI parts with a SoundFont
     * @param samples  plays recorded notes and phrases ({@code null} when the corpus uses none)
     * @param realism  the recording steps to draw
     * @param inflectionShare share of saxophone and trumpet melodies played with inflections
     * @param rate     the output rate
     */
    JobRenderer(CorpusSynthesizer.ScoreRenderer programs, SamplePlayer samples, Realism realism,
                double inflectionShare, int rate) {
        this.programs = programs;
        this.samples = samples;
        this.realism = realism;
        this.inflectionShare = inflectionShare;
        this.rate = rate;
    }

    /**
     * Renders the job, drawing new music (same instruments, voicings and bank) when a rendering comes out silent:
     * some banks leave parts of a program's key range empty, and a phrase can fall entirely into such a gap. The
     * first attempt uses the job's own seed.
     */
    float[][] renderAudible(CorpusSynthesizer.Job job) throws IOException {
        for (int attempt = 0; attempt < RENDER_ATTEMPTS; attempt++) {
            float[][] audio = render(job, job.seed() + attempt * 0x9E3779B97F4A7C15L);
            if (audio != null) {
                return audio;
            }
        }
        StringBuilder what = new StringBuilder();
        for (CorpusSynthesizer.Lead l : job.leads()) {
            what.append(what.isEmpty() ? "" : ", ").append(l.instrument().code()).append(' ')
                    .append(describe(l.voicing()));
        }
        throw new IOException(job.files().get(0) + ": rendered silence " + RENDER_ATTEMPTS + " times (bank "
                + job.bank().name() + ", " + what + ")");
    }

    private static String describe(Voicing v) {
        if (v instanceof Voicing.Program p) {
            return "program " + p.program();
        }
        if (v instanceof Voicing.Notes n) {
            return "notes of " + n.source().name();
        }
        return "phrase " + ((Voicing.Phrase) v).file().getFileName();
    }

    /** The job's audio at a peak of −0.5 to −6 dBFS, or null when it came out silent. */
    private float[][] render(CorpusSynthesizer.Job job, long seed) throws IOException {
        Random rng = new Random(seed);
        Composer music = new Composer(rng);
        float[][] audio = Double.isNaN(job.leadOverAccompanimentDb())
                ? onePass(job, music, rng)
                : recording(job, music, rng);
        if (audio == null) {
            return null;
        }
        float peak = peak(audio);
        if (peak < 1e-5f) {
            return null;
        }
        float gain = (float) (Math.pow(10, -(0.5 + rng.nextDouble() * 5.5) / 20) / peak);
        for (float[] ch : audio) {
            for (int i = 0; i < ch.length; i++) {
                ch[i] *= gain;
            }
        }
        return audio;
    }

    /** Every part in one SoundFont pass, balanced by MIDI volumes. */
    private float[][] onePass(CorpusSynthesizer.Job job, Composer music, Random rng) throws IOException {
        List<Score.Part> parts = new ArrayList<>();
        int channel = 0;
        for (CorpusSynthesizer.Lead l : job.leads()) {
            parts.add(part(music, l, program(l), channel++, job.seconds(), rng, true, false));
        }
        channel = 4;
        for (CorpusSynthesizer.Lead l : job.accompaniment()) {
            parts.add(part(music, l, program(l), channel++, job.seconds(), rng, false, false));
        }
        addRhythmSection(job, music, rng, parts);
        return programs.render(new Score(job.seconds(), parts), job.bank());
    }

    private static int program(CorpusSynthesizer.Lead l) {
        if (l.voicing() instanceof Voicing.Program p) {
            return p.program();
        }
        throw new IllegalStateException("a one-pass job holds General MIDI programs only");
    }

    /** Bass and drums on the job's bank, when the job has them. */
    private static void addRhythmSection(CorpusSynthesizer.Job job, Composer music, Random rng,
                                         List<Score.Part> parts) {
        if (job.bass()) {
            Score.Part bass = new Score.Part(7, 32 + rng.nextInt(3), 55 + rng.nextInt(30), 64, 20, 0);
            music.bass(bass, 0, job.seconds(), 70 + rng.nextInt(30));
            parts.add(bass);
        }
        if (job.drums()) {
            Score.Part drums = new Score.Part(9, 0, 50 + rng.nextInt(35), 64, 30 + rng.nextInt(40), 0);
            music.drums(drums, 0, job.seconds(), 70 + rng.nextInt(35));
            parts.add(drums);
        }
    }

    /** Predominant parts and accompaniment on separate buses, placed, balanced and mastered. */
    private float[][] recording(CorpusSynthesizer.Job job, Composer music, Random rng) throws IOException {
        int frames = (int) Math.round(job.seconds() * rate);
        float[][] lead = new float[2][frames];
        int channel = 0;
        for (CorpusSynthesizer.Lead l : job.leads()) {
            float[][] one = voice(job, music, l, channel++, rng, true);
            double rms = RecordingChain.rms(one);
            if (rms < 1e-6) {
                return null;
            }
            double gainDb = job.leads().size() == 1 ? 0 : (rng.nextDouble() * 2 - 1) * LEAD_SPREAD_DB / 2;
            add(lead, one, (float) (0.1 * Math.pow(10, gainDb / 20) / rms));
        }
        float[][] acc = new float[2][frames];
        List<Score.Part> programParts = new ArrayList<>();
        channel = 4;
        for (CorpusSynthesizer.Lead l : job.accompaniment()) {
            if (l.voicing() instanceof Voicing.Program p) {
                programParts.add(part(music, l, p.program(), channel++, job.seconds(), rng, false, false));
            } else {
                add(acc, voice(job, music, l, channel++, rng, false), 1f);
            }
        }
        addRhythmSection(job, music, rng, programParts);
        if (!programParts.isEmpty()) {
            add(acc, programs.render(new Score(job.seconds(), programParts), job.bank()), 1f);
        }
        RecordingChain.room(lead, rate, realism, rng);
        double accRms = RecordingChain.rms(acc);
        if (accRms > 1e-7) {
            RecordingChain.room(acc, rate, realism, rng);
            accRms = RecordingChain.rms(acc);
            double leadRms = RecordingChain.rms(lead);
            add(lead, acc, (float) (leadRms * Math.pow(10, -job.leadOverAccompanimentDb() / 20) / accRms));
        }
        RecordingChain.master(lead, rate, realism, rng);
        return lead;
    }

    /** One part as audio: a program on the job's bank, recorded notes, or a stretch of a phrase. */
    private float[][] voice(CorpusSynthesizer.Job job, Composer music, CorpusSynthesizer.Lead l, int channel,
                            Random rng, boolean main) throws IOException {
        Voicing v = l.voicing();
        if (v instanceof Voicing.Program p) {
            Score.Part part = part(music, l, p.program(), channel, job.seconds(), rng, main, main && job.sparse());
            return programs.render(new Score(job.seconds(), List.of(part)), job.bank());
        }
        if (samples == null) {
            throw new IllegalStateException("recorded voicings need a sample player");
        }
        if (v instanceof Voicing.Notes n) {
            Score.Part part = part(music, l, 0, channel, job.seconds(), rng, main, main && job.sparse());
            return samples.render(part, n.source(), l.instrument(), job.seconds(), rng);
        }
        Voicing.Phrase ph = (Voicing.Phrase) v;
        int pan = main ? 40 + rng.nextInt(48) : 15 + rng.nextInt(98);
        return samples.phrase(ph.file(), job.seconds(), pan, rng);
    }

    /**
     * A part in the instrument's style, or a few separate notes when {@code sparse}; {@code program} is used by
     * the SoundFont only.
     */
    private Score.Part part(Composer music, CorpusSynthesizer.Lead lead, int program, int channel, double seconds,
                           Random rng, boolean main, boolean sparse) {
        Voice v = Voice.of(lead.instrument());
        int pan = main ? 40 + rng.nextInt(48) : 15 + rng.nextInt(98);
        Score.Part p = new Score.Part(channel, program, lead.volume(), pan, 10 + rng.nextInt(70), rng.nextInt(40));
        int[] range = lead.voicing() instanceof Voicing.Program ? v.range(program) : new int[]{v.low(), v.high()};
        int velocity = main ? 80 + rng.nextInt(35) : 50 + rng.nextInt(30);
        if (sparse) {
            music.sparse(p, 0, seconds, range[0], range[1], velocity, v.style() != Voice.Style.MELODY);
            return p;
        }
        switch (v.style()) {
            case MELODY -> {
                music.melody(p, 0, seconds, range[0], range[1],
                        v.vibrato() ? 0.9 + rng.nextDouble() * 0.1 : 0.55 + rng.nextDouble() * 0.4, velocity,
                        v.vibrato());
                // Drawn only when asked for, so that corpora without inflections keep their music.
                if (inflectionShare > 0 && Composer.INFLECTED.contains(lead.instrument())
                        && rng.nextDouble() < inflectionShare) {
                    music.inflect(p);
                }
            }
            case KEYBOARD -> music.keyboard(p, 0, seconds, range[0], range[1], velocity);
            case ORGAN -> music.organ(p, 0, seconds, range[0], range[1], velocity);
            case STRUM -> music.strum(p, 0, seconds, velocity);
            case ELECTRIC -> music.electric(p, 0, seconds, program, velocity);
        }
        return p;
    }

    private static void add(float[][] into, float[][] x, float gain) {
        for (int c = 0; c < 2; c++) {
            float[] src = x[Math.min(c, x.length - 1)];
            int n = Math.min(into[c].length, src.length);
            for (int i = 0; i < n; i++) {
                into[c][i] += gain * src[i];
            }
        }
    }

    private static float peak(float[][] audio) {
        float peak = 0;
        for (float[] ch : audio) {
            for (float v : ch) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        return peak;
    }
}
