package dev.timbre.predict;

import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.synth.CorpusSynthesizer;
import dev.timbre.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the model card of a bundle from its manifest. */
public final class ModelCards {

    private ModelCards() {
    }

    public static ModelCard of(ModelBundle bundle) {
        BundleManifest m = bundle.manifest();
        ModelSpec s = m.model();
        String arch = s.describe();
        String trainedOn = "unknown";
        String notes = "";
        List<String> sources = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (m.training() != null) {
            Map<String, Object> corpus = m.training().corpus();
            boolean synth = corpus != null && "timbre synth".equals(corpus.get("generator"));
            trainedOn = m.training().trainClips() + " training and " + m.training().validationClips()
                    + " validation clips from " + (synth ? "a corpus synthesized by timbre synth (seed "
                    + corpus.get("seed") + ", " + banks(corpus) + ")" : m.training().data());
            List<String> restricted = new ArrayList<>();
            if (corpus != null && corpus.get("recordedSources") instanceof List<?> recorded) {
                for (Object o : recorded) {
                    if (o instanceof Map<?, ?> src && !"test".equals(src.get("use"))) {
                        String licence = String.valueOf(src.get("licence"));
                        sources.add(src.get("name") + ": " + describe(src.get("notes"), "notes")
                                + describe(src.get("phrases"), "phrases") + "licence: " + licence);
                        if (!dev.timbre.dataset.synth.SampleSource.permissive(licence)) {
                            restricted.add(src.get("name") + " (" + licence + ")");
                        }
                    }
                }
            }
            if (synth) {
                commands.add(synthCommand(corpus, m.training().data()));
            }
            if (m.members() != null) {
                for (BundleManifest.TrainingProvenance member : m.members()) {
                    if (member.command() != null && !member.command().isBlank()) {
                        commands.add("timbre " + member.command());
                    }
                }
            }
            if (m.training().command() != null && !m.training().command().isBlank()) {
                commands.add("timbre " + m.training().command());
            }
            if (synth && sources.isEmpty()) {
                notes = "Trained on synthesized General MIDI renderings, not on real recordings: scores measured on "
                        + "synthesized test clips do not carry over to real music, where it will be much less "
                        + "accurate. Retrain on IRMAS (timbre download, timbre train) for real audio.";
            } else if (synth) {
                notes = "Trained on generated music played on real recorded notes and phrases and on General MIDI "
                        + "SoundFonts, through generated rooms, colouration, noise and mastering; its scores on "
                        + "real recordings are the real.* metrics (timbre bench real --record).";
            }
            if (!restricted.isEmpty()) {
                notes += (notes.isEmpty() ? "" : " ") + "Some training recordings are not under permissive licences: "
                        + String.join(", ", restricted) + ". A model trained on them inherits their terms: use it "
                        + "for research and evaluation, not commercially, unless you have rights to those recordings "
                        + "(timbre synth --permissive-only trains without them).";
            }
        }
        return new ModelCard(m.name(), arch, List.copyOf(m.classes()), trainedOn, List.copyOf(sources), m.metrics(),
                notes, List.copyOf(commands));
    }

    /**
     * The {@code timbre synth} line that renders the corpus again, from the settings {@code synth.json} recorded,
     * every recorded value written out (a zero share is not the option's default); settings a corpus does not record
     * (older corpora) are left at their defaults. SoundFonts are found as
     * {@code synth} finds them, so the same ones must be installed.
     */
    static String synthCommand(Map<String, Object> corpus, String out) {
        StringBuilder b = new StringBuilder("timbre synth");
        option(b, "--out", out == null ? "CORPUS" : out);
        option(b, "--seed", corpus.get("seed"));
        option(b, "--train-per-class", corpus.get("trainPerClass"));
        option(b, "--test-clips", corpus.get("testClips"));
        if (corpus.get("soundfontPlaces") instanceof List<?> soundfonts) {
            for (Object place : soundfonts) {
                option(b, "--soundfont", place);
            }
        }
        option(b, "--test-bank", corpus.get("testBank"));
        if (corpus.get("samplePlaces") instanceof List<?> places) {
            for (Object place : places) {
                option(b, "--samples", place);
            }
        }
        option(b, "--note-share", corpus.get("noteShare"));
        option(b, "--phrase-share", corpus.get("phraseShare"));
        option(b, "--solo-share", corpus.get("soloShare"));
        option(b, "--sparse-share", corpus.get("sparseShare"));
        option(b, "--inflection-share", corpus.get("inflectionShare"));
        // Renderings differ only in how recorded notes are played; a corpus that names none was made before
        // recorded notes followed pitch bends (rendering 1).
        Object rendering = corpus.getOrDefault("rendering", 1);
        if (corpus.get("samplePlaces") != null
                && !String.valueOf(rendering).equals(String.valueOf(CorpusSynthesizer.RENDERING))) {
            option(b, "--rendering", rendering);
        }
        if (corpus.get("leadOverAccompanimentDb") instanceof List<?> lead && lead.size() == 2) {
            option(b, "--lead-db", plain(lead.get(0)) + ":" + plain(lead.get(1)));
        }
        if (corpus.get("realism") instanceof Map<?, ?> realism) {
            for (String step : List.of("room", "colour", "noise", "compression")) {
                option(b, "--" + step, realism.get(step));
            }
        }
        if (Boolean.TRUE.equals(corpus.get("permissiveOnly"))) {
            b.append(" --permissive-only");
        }
        return b.toString();
    }

    private static void option(StringBuilder b, String name, Object value) {
        if (value == null) {
            return;
        }
        String text = plain(value);
        b.append(' ').append(name).append(' ').append(text.contains(" ") ? "'" + text + "'" : text);
    }

    /** A recorded value as an option takes it: a whole number without its ".0". */
    private static String plain(Object value) {
        return value instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(value);
    }

    /** "notes of cel 400, flu 120; " from a class → count map, or nothing when empty. */
    private static String describe(Object counts, String what) {
        if (!(counts instanceof Map<?, ?> map) || map.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(what).append(" of");
        map.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v).append(','));
        b.setLength(b.length() - 1);
        return b.append("; ").toString();
    }

    /** "SoundFonts A, B; tested on C, D" from the corpus's bank list, or "GM SoundFonts" without one. */
    private static String banks(Map<String, Object> corpus) {
        if (!(corpus.get("banks") instanceof List<?> banks) || banks.isEmpty()) {
            return "GM SoundFonts";
        }
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (Object b : banks) {
            if (b instanceof Map<?, ?> bank) {
                ("test".equals(bank.get("use")) ? test : train).add(String.valueOf(bank.get("name")));
            }
        }
        return "SoundFonts " + String.join(", ", train)
                + (test.isEmpty() ? "" : "; test clips from " + String.join(", ", test));
    }
}
