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
        assertThat(ModelCards.of(bundle).notes()).contains("synthesized");
        assertThat(bundle.manifest().metrics()).containsKey("test.s1.micro.f1");
        try (InstrumentRecognizer r = InstrumentRecognizer.of(bundle)) {
            Recognition rec = r.recognize(SharedData.irmasSample()
                    .resolve("IRMAS-TestingData-Part1/02 - And The Body Will Die-8.wav"));
            assertThat(rec.scores()).hasSize(11);
            assertThat(rec.durationSeconds()).isEqualTo(20.0);
            assertThat(rec.timeline()).hasSize(9); // 20 s covered by 3-s windows every 2.25 s, last one end-aligned
        }
    }
}
