package dev.timbre.dataset.synth;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code timbre synth} renders.
 *
 * @param seed          fixes every choice: same seed, same settings → byte-identical files
 * @param trainPerClass training clips per instrument (3 s each)
 * @param testClips     polyphonic testing clips (5–20 s, 1–4 labelled instruments)
 * @param soundfonts    extra SoundFont files or directories beside the system's
 * @param testBank      name of the bank (or recorded source) that renders the testing clips (its family stays out
 *                      of training), or {@code null} for the default (see {@link BankRoles})
 * @param threads       rendering threads (default: all cores)
 * @param samples       folders or description files of real recordings ({@link SampleSource#scan})
 * @param noteShare     share of training parts played on recorded notes, where a source has notes of the
 *                      instrument (the rest are SoundFont programs)
 * @param phraseShare   share of training clips whose predominant part is a recorded phrase, where a source has
 *                      at least {@value CorpusSynthesizer#PHRASES_FOR_FULL_SHARE} phrases of the instrument (fewer
 *                      phrases get a proportionally smaller share, so a handful of recordings is not repeated
 *                      hundreds of times)
 * @param realism       the recording steps training clips go through
 * @param soloShare     share of recorded-style training clips whose predominant part plays alone (no other
 *                      instrument, bass or drums)
 * @param sparseShare   share of recorded-style training clips that hold a few separate notes of the predominant
 *                      instrument alone, each let ring, as a sound library records them
 * @param permissiveOnly use only recorded sources whose stated licence is permissive
 *                      ({@link SampleSource#permissive})
 * @param minLeadDb     lowest level of the predominant part over the accompaniment in recorded-style clips, dB
 * @param maxLeadDb     highest such level, dB
 * @param inflectionShare share of saxophone and trumpet melodies played with jazz and pop inflections: scoops,
 *                      falls and doits, and on recorded notes a growl ({@link Composer#inflect})
 * @param rendering     how clips are rendered from these settings ({@link CorpusSynthesizer#RENDERING}, the
 *                      default, or an earlier revision, to make an older corpus again)
 */
public record SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                            int threads, List<Path> samples, double noteShare, double phraseShare, Realism realism,
                            double soloShare, double sparseShare, boolean permissiveOnly, double minLeadDb,
                            double maxLeadDb, double inflectionShare, int rendering) {

    /** The predominant part's level over the accompaniment in recorded-style clips, in dB, unless told otherwise. */
    public static final double MIN_LEAD_DB = 3;
    public static final double MAX_LEAD_DB = 18;

    public SynthSettings {
        if (!(minLeadDb >= 0 && minLeadDb <= maxLeadDb && maxLeadDb <= 40)) {
            throw new IllegalArgumentException("--lead-db must be MIN:MAX with 0 <= MIN <= MAX <= 40, got "
                    + minLeadDb + ":" + maxLeadDb);
        }
        if (trainPerClass < 0 || testClips < 0) {
            throw new IllegalArgumentException("clip counts must not be negative (got --train-per-class "
                    + trainPerClass + ", --test-clips " + testClips + ")");
        }
        if (trainPerClass + testClips == 0) {
            throw new IllegalArgumentException("nothing to synthesize: give --train-per-class and/or --test-clips");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (!(noteShare >= 0 && noteShare <= 1 && phraseShare >= 0 && phraseShare <= 1
                && noteShare + phraseShare <= 1)) {
            throw new IllegalArgumentException("--note-share and --phrase-share must be in [0, 1] and add up to at "
                    + "most 1 (got " + noteShare + " and " + phraseShare + ")");
        }
        if (!(sparseShare >= 0 && sparseShare <= 1)) {
            throw new IllegalArgumentException("--sparse-share must be in [0, 1], got " + sparseShare);
        }
        if (!(inflectionShare >= 0 && inflectionShare <= 1)) {
            throw new IllegalArgumentException("--inflection-share must be in [0, 1], got " + inflectionShare);
        }
        if (rendering < 1 || rendering > CorpusSynthesizer.RENDERING) {
            throw new IllegalArgumentException("--rendering must be 1 (recorded notes ignore pitch bends) or "
                    + CorpusSynthesizer.RENDERING + " (they follow them), got " + rendering);
        }
        if (rendering < 2 && inflectionShare > 0) {
            throw new IllegalArgumentException("--inflection-share needs --rendering 2: inflections are pitch bends, "
                    + "which rendering 1 does not play on recorded notes");
        }
        if (!(soloShare >= 0 && soloShare <= 1)) {
            throw new IllegalArgumentException("--solo-share must be in [0, 1], got " + soloShare);
        }
        soundfonts = List.copyOf(soundfonts);
        samples = List.copyOf(samples);
        if (realism == null) {
            realism = Realism.NONE;
        }
    }

    /** SoundFonts only, no recorded sound, no recording steps. */
    public SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                         int threads) {
        this(seed, trainPerClass, testClips, soundfonts, testBank, threads, List.of(), 0, 0, Realism.NONE, 0, 0, false);
    }

    /** The predominant part {@link #MIN_LEAD_DB} to {@link #MAX_LEAD_DB} over the accompaniment. */
    public SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                         int threads, List<Path> samples, double noteShare, double phraseShare, Realism realism,
                         double soloShare, double sparseShare, boolean permissiveOnly) {
        this(seed, trainPerClass, testClips, soundfonts, testBank, threads, samples, noteShare, phraseShare, realism,
                soloShare, sparseShare, permissiveOnly, MIN_LEAD_DB, MAX_LEAD_DB);
    }

    /** Melodies played plain, without inflections. */
    public SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                         int threads, List<Path> samples, double noteShare, double phraseShare, Realism realism,
                         double soloShare, double sparseShare, boolean permissiveOnly, double minLeadDb,
                         double maxLeadDb) {
        this(seed, trainPerClass, testClips, soundfonts, testBank, threads, samples, noteShare, phraseShare, realism,
                soloShare, sparseShare, permissiveOnly, minLeadDb, maxLeadDb, 0);
    }

    /** Rendered as this version of {@code timbre synth} renders ({@link CorpusSynthesizer#RENDERING}). */
    public SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                         int threads, List<Path> samples, double noteShare, double phraseShare, Realism realism,
                         double soloShare, double sparseShare, boolean permissiveOnly, double minLeadDb,
                         double maxLeadDb, double inflectionShare) {
        this(seed, trainPerClass, testClips, soundfonts, testBank, threads, samples, noteShare, phraseShare, realism,
                soloShare, sparseShare, permissiveOnly, minLeadDb, maxLeadDb, inflectionShare,
                CorpusSynthesizer.RENDERING);
    }

    public static SynthSettings of(long seed, int trainPerClass, int testClips) {
        return new SynthSettings(seed, trainPerClass, testClips, List.of(), null,
                Runtime.getRuntime().availableProcessors());
    }

    /** Whether training clips are built as recordings (separate buses, balance, realism) rather than in one pass. */
    public boolean recordings() {
        return !samples.isEmpty() || realism.any();
    }
}
