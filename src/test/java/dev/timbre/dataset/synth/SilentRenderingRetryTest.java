package dev.timbre.dataset.synth;

import dev.timbre.dataset.Instrument;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilentRenderingRetryTest {

    private static final SoundBank BANK = new SoundBank("Gappy", Path.of("gappy.sf2"));

    private static CorpusSynthesizer.Job job() {
        return new CorpusSynthesizer.Job(1234L, BANK,
                List.of(new CorpusSynthesizer.Lead(Instrument.CEL, 42, 100)), false, false, List.of(), 3.0,
                List.of(Path.of("IRMAS-TrainingData/cel/x.wav")), List.of(Instrument.CEL), false);
    }

    /** A renderer that returns silence for its first {@code silent} calls and a 0.25-peak tone after. */
    private static final class Gappy implements CorpusSynthesizer.ScoreRenderer {
        final int silent;
        final List<Score> scores = new ArrayList<>();

        Gappy(int silent) {
            this.silent = silent;
        }

        @Override
        public float[][] render(Score score, SoundBank bank) {
            scores.add(score);
            float[][] audio = new float[2][1000];
            if (scores.size() > silent) {
                for (int i = 0; i < 1000; i++) {
                    audio[0][i] = audio[1][i] = (float) (0.25 * Math.sin(i * 0.1));
                }
            }
            return audio;
        }
    }

    @Test
    void aSilentRenderingDrawsNewMusicAndTheFirstAttemptKeepsTheJobsSeed() throws IOException {
        Gappy never = new Gappy(0);
        CorpusSynthesizer.renderAudible(job(), never);
        Gappy twice = new Gappy(2);
        float[][] audio = CorpusSynthesizer.renderAudible(job(), twice);

        assertThat(twice.scores).hasSize(3);
        // Attempt 0 is the music a corpus without the gap gets; each retry is different music.
        assertThat(twice.scores.get(0)).isEqualTo(never.scores.get(0));
        assertThat(twice.scores.get(1)).isNotEqualTo(twice.scores.get(0));
        assertThat(twice.scores.get(2)).isNotEqualTo(twice.scores.get(1));
        // The audible attempt is normalised to a peak between -6 and -0.5 dBFS.
        float peak = 0;
        for (float v : audio[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertThat(20 * Math.log10(peak)).isBetween(-6.0001, -0.4999);
    }

    @Test
    void silenceEveryTimeIsOneErrorNamingTheFileBankAndProgram() {
        Gappy always = new Gappy(Integer.MAX_VALUE);
        assertThatThrownBy(() -> CorpusSynthesizer.renderAudible(job(), always))
                .isInstanceOf(IOException.class)
                .hasMessage(Path.of("IRMAS-TrainingData/cel/x.wav")
                        + ": rendered silence 4 times (bank Gappy, cel program 42)");
        assertThat(always.scores).hasSize(4);
    }
}
