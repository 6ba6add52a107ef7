package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.ModelCards;
import dev.timbre.predict.Recognition;
import dev.timbre.testing.SharedData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The model shipped in the jar loads, recognizes real audio and says honestly what it was trained on. */
class DefaultModelTest {

    @Test
    void bundledModelLoadsAndRecognizesARealClip() throws Exception {
        ModelBundle bundle = DefaultModel.bundle(null);
        assertThat(bundle.location()).startsWith("classpath:");
        assertThat(bundle.manifest().classes()).hasSize(11);
        var card = ModelCards.of(bundle);
        assertThat(card.notes()).contains("real recorded notes").contains("not under permissive licences");
        assertThat(card.sources()).anyMatch(s -> s.startsWith("nsynth:") && s.contains("CC BY 4.0"))
                .anyMatch(s -> s.startsWith("tonejs:") && s.contains("MIT"));
        assertThat(bundle.manifest().metrics()).containsKeys("test.s2.micro.f1", "real.irmas.balanced_top1",
                "real.recordings.balanced_top1", "real.mixes.micro_f1");
        assertThat(bundle.manifest().weights()).isNotNull();
        assertThat(bundle.manifest().model().members()).isEqualTo(5);
        String member = "timbre train --data corpora/full --out runs/s4%d --model pooled-cnn --hidden 16 --time-shift "
                + "--lr-schedule cosine --features compact --epochs 60 --patience 60 --eq-db 10 --band-shift 2";
        assertThat(card.commands()).containsExactly(
                "timbre synth --out corpora/full --seed 31 --train-per-class 1200 --test-clips 200 "
                        + "--samples ../shared/real-train --samples tonejs --note-share 0.4 --phrase-share 0.6 "
                        + "--solo-share 0.4 --sparse-share 0.3 --rendering 1 --lead-db 3:18 --room 0.5 --colour 0.6 "
                        + "--noise 0.3 --compression 0.5",
                member.formatted(2) + " --split-seed 42 --seed 42",
                member.formatted(3) + " --split-seed 42 --seed 43",
                member.formatted(4) + " --split-seed 42 --seed 44",
                member.formatted(5) + " --split-seed 42 --seed 45",
                member.formatted(6) + " --split-seed 42 --seed 46",
                "timbre ensemble --out runs/default --test-band-shift 0 runs/s42 runs/s43 runs/s44 runs/s45 runs/s46");
        try (InstrumentRecognizer r = InstrumentRecognizer.of(bundle)) {
            Recognition rec = r.recognize(SharedData.irmasSample()
                    .resolve("IRMAS-TestingData-Part1/02 - And The Body Will Die-8.wav"));
            assertThat(rec.scores()).hasSize(11);
            assertThat(rec.durationSeconds()).isEqualTo(20.0);
            assertThat(rec.timeline()).hasSize(9); // 20 s covered by 3-s windows every 2.25 s, last one end-aligned
        }
    }
}
