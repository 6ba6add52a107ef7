package dev.timbre.cli;

import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.dataset.synth.Realism;
import dev.timbre.dataset.synth.SynthSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code timbre synth}: render an IRMAS-format corpus on SoundFonts and real recordings. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        header = "Synthesize an IRMAS-format corpus from generated music, played on the system's General MIDI "
                + "SoundFonts and on real recordings (--samples).",
        description = {"Synthesize an IRMAS-format corpus (training and testing clips) from generated music, "
                + "rendered with the JDK's SoundFont synthesizer and the GM SoundFonts found on the system, and "
                + "with --samples played on real recorded notes and mixed with real recorded phrases.",
                "Banks that share samples form a family; with two or more families, testing clips use a family "
                + "the training clips never hear."})
public final class SynthCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Corpus root to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-per-class", defaultValue = "100",
            description = "Training clips per instrument (default: ${DEFAULT-VALUE}).")
    int trainPerClass;

    @Option(names = "--test-clips", defaultValue = "100",
            description = "Polyphonic testing clips (default: ${DEFAULT-VALUE}).")
    int testClips;

    @Option(names = "--soundfont", description = {"Extra SoundFont file or directory (repeatable). A directory "
            + "holding a GUS patch set (Tone_000/NNN_*.pat, as Debian's /usr/share/midi/freepats) is converted to a "
            + "SoundFont once, in the cache, and named after the directory."})
    List<Path> soundfonts = new ArrayList<>();

    @Option(names = "--test-bank", description = "Name of the bank that renders the testing clips; its family "
            + "is kept out of training (default: the smallest family of banks tests).")
    String testBank;

    @Option(names = "--threads", description = "Rendering threads (default: all cores).")
    Integer threads;

    @Option(names = "--samples", paramLabel = "DIR|TSV", description = {"Real recordings to play and mix "
            + "(repeatable): a folder with a manifest.tsv (path, class, source, kind, midi_pitch[, velocity]), such a "
            + "file itself, or audio files in folders named by instrument code (DIR/<code>/* or "
            + "DIR/<source>/<code>/*). Single notes become playable banks; stems and singing are used as phrases. "
            + "Each source is a family of its own: name one with --test-bank to keep it for the testing clips."})
    List<Path> samples = new ArrayList<>();

    @Option(names = "--note-share", defaultValue = "0.6",
            description = "Share of training parts played on recorded notes where a source has the instrument "
                    + "(default: ${DEFAULT-VALUE}; used with --samples).")
    double noteShare;

    @Option(names = "--phrase-share", defaultValue = "0.2",
            description = "Share of training clips whose predominant part is a recorded phrase, for instruments "
                    + "with at least 20 phrases (fewer: proportionally less; default: ${DEFAULT-VALUE}; used with "
                    + "--samples).")
    double phraseShare;

    @Option(names = "--solo-share", defaultValue = "0",
            description = "Share of training clips whose predominant part plays alone, without accompaniment, bass "
                    + "or drums (default: ${DEFAULT-VALUE}; used with --samples or the recording steps).")
    double soloShare;

    @Option(names = "--sparse-share", defaultValue = "0",
            description = "Share of training clips holding a few separate notes of the predominant instrument alone, "
                    + "each let ring, as sound libraries record them (default: ${DEFAULT-VALUE}; used with --samples or "
                    + "the recording steps).")
    double sparseShare;

    @Option(names = "--inflection-share", defaultValue = "0",
            description = "Share of saxophone and trumpet melodies played as jazz and pop horn players do: scoops "
                    + "into notes, falls and doits off them, and on recorded notes sometimes a growl "
                    + "(default: ${DEFAULT-VALUE}).")
    double inflectionShare;

    @Option(names = "--rendering", defaultValue = "" + CorpusSynthesizer.RENDERING,
            description = "How clips are rendered: 2 (recorded notes follow pitch bends, as SoundFonts do) or 1 (they "
                    + "do not: the rendering of corpora made before, such as the bundled model's, so that its "
                    + "command makes the same clips) (default: ${DEFAULT-VALUE}).")
    int rendering;

    @Option(names = "--permissive-only",
            description = "Use only recorded sources whose licence (LICENCES.tsv beside the manifest) is permissive: "
                    + "CC0, CC BY, MIT, public domain or free for any use; no non-commercial, research-only or "
                    + "unstated licence.")
    boolean permissiveOnly;

    @Option(names = "--lead-db", defaultValue = "3:18", paramLabel = "MIN:MAX",
            description = "Level of the predominant part over the accompaniment in training clips built as "
                    + "recordings, drawn evenly between MIN and MAX dB (default: ${DEFAULT-VALUE}).")
    String leadDb = "3:18";

    @Option(names = "--room", defaultValue = "0",
            description = "Share of training clips whose parts are placed in generated rooms (default: ${DEFAULT-VALUE}).")
    double room;

    @Option(names = "--colour", defaultValue = "0",
            description = "Share of training clips coloured by a random microphone/playback equaliser (default: ${DEFAULT-VALUE}).")
    double colour;

    @Option(names = "--noise", defaultValue = "0",
            description = "Share of training clips with a noise floor of hiss and hum (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--compression", defaultValue = "0",
            description = "Share of training clips compressed and limited as in mastering (default: ${DEFAULT-VALUE}).")
    double compression;

    private double[] leadDb() {
        String[] parts = leadDb.split(":", -1);
        try {
            if (parts.length == 2) {
                return new double[]{Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--lead-db must be MIN:MAX in dB, such as 3:18, got '" + leadDb + "'");
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        double[] lead = leadDb();
        SynthSettings s = new SynthSettings(seed, trainPerClass, testClips, soundfonts, testBank,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, samples,
                samples.isEmpty() ? 0 : noteShare, samples.isEmpty() ? 0 : phraseShare,
                new Realism(room, colour, noise, compression), soloShare, sparseShare, permissiveOnly,
                lead[0], lead[1], inflectionShare, rendering);
        CorpusSynthesizer.Result r;
        try (Progress bar = Progress.bar("synth", trainPerClass * 11 + testClips, "clips")) {
            r = CorpusSynthesizer.synthesize(s, this.out, bar.synthesis());
        }
        if (r.alreadyComplete()) {
            out.printf("%s is already complete (%d training, %d testing clips); nothing to do.%n", this.out,
                    r.trainClips(), r.testClips());
        } else {
            out.printf("Wrote %d training and %d testing clips to %s in %.1f s (%.1f clips/s).%n", r.trainClips(),
                    r.testClips(), this.out, r.seconds(), (r.trainClips() + r.testClips()) / r.seconds());
        }
        out.printf("Training banks: %s; testing banks: %s%s%n", String.join(", ", r.trainBanks()),
                String.join(", ", r.testBanks()), r.heldOut() ? " (sharing no sample with training)"
                        : " (testing timbres are partly or wholly heard in training; install more General MIDI banks, "
                        + "e.g. fluid-soundfont-gm timgm6mb-soundfont musescore-general-soundfont-lossless "
                        + "csound-soundfont)");
        return 0;
    }
}
