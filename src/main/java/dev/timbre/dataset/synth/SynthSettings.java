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
 * @param testBank      name of the bank that renders the testing clips (its family stays out of training), or
 *                      {@code null} for the default (see {@link BankRoles})
 * @param threads       rendering threads (default: all cores)
 */
public record SynthSettings(long seed, int trainPerClass, int testClips, List<Path> soundfonts, String testBank,
                            int threads) {

    public SynthSettings {
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
        soundfonts = List.copyOf(soundfonts);
    }

    public static SynthSettings of(long seed, int trainPerClass, int testClips) {
        return new SynthSettings(seed, trainPerClass, testClips, List.of(), null,
                Runtime.getRuntime().availableProcessors());
    }
}
