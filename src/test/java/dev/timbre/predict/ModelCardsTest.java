package dev.timbre.predict;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCardsTest {

    @Test
    void theSynthLineWritesEveryRecordedSettingZerosIncludedAndLeavesOutWhatWasNotRecorded() {
        Map<String, Object> corpus = new LinkedHashMap<>();
        corpus.put("seed", 0);
        corpus.put("trainPerClass", 50);
        corpus.put("testClips", 10);
        corpus.put("soundfontPlaces", List.of("/sf/extra.sf2"));
        corpus.put("testBank", "philharmonia");
        corpus.put("samplePlaces", List.of("/data/my notes"));
        corpus.put("noteShare", 0.0); // not synth's default of 0.6: it must be written out
        corpus.put("phraseShare", 0.2);
        corpus.put("inflectionShare", 0.5);
        corpus.put("leadOverAccompanimentDb", List.of(0.0, 12.5));
        corpus.put("realism", Map.of("room", 0.5, "colour", 0.0, "noise", 0.0, "compression", 1.0));
        corpus.put("permissiveOnly", true);
        corpus.put("rendering", 2);

        assertThat(ModelCards.synthCommand(corpus, "corpora/x")).isEqualTo("timbre synth --out corpora/x --seed 0 "
                + "--train-per-class 50 --test-clips 10 --soundfont /sf/extra.sf2 --test-bank philharmonia "
                + "--samples '/data/my notes' --note-share 0 --phrase-share 0.2 --inflection-share 0.5 --lead-db 0:12.5 "
                + "--room 0.5 --colour 0 --noise 0 --compression 1 --permissive-only");
        assertThat(ModelCards.synthCommand(Map.of("seed", 7), null)).isEqualTo("timbre synth --out CORPUS --seed 7");
        // A corpus of recorded notes that names no rendering was rendered before they followed pitch bends.
        corpus.remove("rendering");
        assertThat(ModelCards.synthCommand(corpus, "corpora/x"))
                .contains("--inflection-share 0.5 --rendering 1 --lead-db 0:12.5");
        assertThat(ModelCards.synthCommand(Map.of("seed", 7, "rendering", 1), null))
                .as("SoundFonts render alike in every rendering").isEqualTo("timbre synth --out CORPUS --seed 7");
    }
}
