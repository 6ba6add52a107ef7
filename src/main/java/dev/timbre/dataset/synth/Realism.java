package dev.timbre.dataset.synth;

/**
 * How much of a real recording's path a synthesized clip goes through, each step as the share of clips that get
 * it (0 = never): a generated room around the predominant part and another around the accompaniment; a
 * colouration of the whole (a random microphone or playback response: high- and low-pass, shelves, peaks); a
 * noise floor (hiss and hum at −80 to −45 dB under the music); and mastering (bus compression and a peak limiter).
 * Recorded in {@code synth.json}, and so in every bundle trained on the corpus.
 *
 * @param room        share of clips whose parts are placed in rooms ({@link dev.timbre.audio.effects.RoomImpulse})
 * @param colour      share of clips coloured by a random equaliser ({@link dev.timbre.audio.effects.Biquad})
 * @param noise       share of clips with a noise floor
 * @param compression share of clips compressed and limited ({@link dev.timbre.audio.effects.Dynamics})
 */
public record Realism(double room, double colour, double noise, double compression) {

    /** No step: the synthesizer's output as it is. */
    public static final Realism NONE = new Realism(0, 0, 0, 0);

    public Realism {
        for (double p : new double[]{room, colour, noise, compression}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("realism shares must be in [0, 1], got " + p);
            }
        }
    }

    public boolean any() {
        return room > 0 || colour > 0 || noise > 0 || compression > 0;
    }
}
