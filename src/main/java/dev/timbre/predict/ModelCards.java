package dev.timbre.predict;

import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
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
        if (m.training() != null) {
            Map<String, Object> corpus = m.training().corpus();
            boolean synth = corpus != null && "timbre synth".equals(corpus.get("generator"));
            trainedOn = m.training().trainClips() + " training and " + m.training().validationClips()
                    + " validation clips from " + (synth ? "a corpus synthesized by timbre synth (seed "
                    + corpus.get("seed") + ", " + banks(corpus) + ")" : m.training().data());
            if (synth) {
                notes = "Trained on synthesized General MIDI renderings, not on real recordings: scores measured on "
                        + "synthesized test clips do not carry over to real music, where it will be much less "
                        + "accurate. Retrain on IRMAS (timbre download, timbre train) for real audio.";
            }
        }
        return new ModelCard(m.name(), arch, List.copyOf(m.classes()), trainedOn, m.metrics(), notes);
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
