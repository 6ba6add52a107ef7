package dev.timbre.dataset.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A short piece as MIDI-like events, seconds from its start: what the renderer plays.
 *
 * @param seconds length to render
 * @param parts   one per MIDI channel
 */
public record Score(double seconds, List<Part> parts) {

    /** A note. */
    public record Note(double start, double duration, int pitch, int velocity) {
    }

    /** A controller change (CC1 modulation, CC11 expression, ...). */
    public record Control(double time, int controller, int value) {
    }

    /** A pitch-bend value, 0..16383 with 8192 at rest. */
    public record Bend(double time, int value) {
    }

    /**
     * One instrument on one channel.
     *
     * @param channel    MIDI channel (9 is percussion)
     * @param program    GM program (ignored for percussion)
     * @param volume     CC7
     * @param pan        CC10
     * @param reverb     CC91 send
     * @param chorus     CC93 send
     */
    public record Part(int channel, int program, int volume, int pan, int reverb, int chorus, List<Note> notes,
                       List<Control> controls, List<Bend> bends) {

        public Part(int channel, int program, int volume, int pan, int reverb, int chorus) {
            this(channel, program, volume, pan, reverb, chorus, new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }

        public boolean percussion() {
            return channel == 9;
        }
    }
}
