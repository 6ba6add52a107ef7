package dev.timbre.dataset.synth;

import java.nio.file.Path;

/** What sounds a part: a General MIDI program of the job's SoundFont, recorded notes, or a recorded phrase. */
sealed interface Voicing permits Voicing.Program, Voicing.Notes, Voicing.Phrase {

    /** A GM program (0-based) played by Gervill on the job's bank. */
    record Program(int program) implements Voicing {
    }

    /** The source's recorded notes of the part's instrument, played by {@link SamplePlayer}. */
    record Notes(SampleSource source) implements Voicing {
    }

    /**
     * A stretch of a recorded phrase, used as it is.
     *
     * @param source the source it belongs to
     * @param file   the recording
     */
    record Phrase(SampleSource source, Path file) implements Voicing {
    }

    /** The family this voicing's timbre belongs to: the bank's for programs, the source's otherwise. */
    default String family(SoundBank bank) {
        if (this instanceof Notes n) {
            return n.source().name();
        }
        if (this instanceof Phrase p) {
            return p.source().name();
        }
        return bank.name();
    }
}
