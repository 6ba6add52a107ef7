package dev.timbre.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixdownTest {

    @Test
    void monoIsTheMeanOfTheChannels() {
        float[][] x = {{1f, 0f, -1f}, {0f, 0.5f, -1f}, {0.5f, 1f, 0.5f}};
        assertThat(Mixdown.toMono(x)).containsExactly(0.5f, 0.5f, -0.5f);
        assertThat(x[0]).containsExactly(1f, 0f, -1f);
    }

    @Test
    void monoOfOneChannelIsACopy() {
        float[][] x = {{0.25f, -0.75f}};
        float[] mono = Mixdown.toMono(x);
        assertThat(mono).containsExactly(0.25f, -0.75f).isNotSameAs(x[0]);
    }

    @Test
    void peakNormalizeDividesByTheSignedMaximumNotTheAbsoluteOne() {
        float[][] x = {{0.25f, -0.8f}, {0.5f, 0.1f}};
        float[][] y = Mixdown.peakNormalize(x);
        // max is 0.5 (the -0.8 is larger in magnitude but not the maximum), so -0.8 becomes -1.6
        assertThat(y[0]).containsExactly(0.5f, -1.6f);
        assertThat(y[1]).containsExactly(1f, 0.2f);
        assertThat(x[0]).containsExactly(0.25f, -0.8f);
    }

    @Test
    void silentInputIsReturnedUnchanged() {
        float[][] x = {{0f, 0f}, {0f, 0f}};
        float[][] y = Mixdown.peakNormalize(x);
        assertThat(y[0]).containsExactly(0f, 0f);
        assertThat(y[0]).isNotSameAs(x[0]);
    }

    @Test
    void allNegativeInputIsReturnedUnchanged() {
        float[][] x = {{-0.5f, -0.25f}};
        assertThat(Mixdown.peakNormalize(x)[0]).containsExactly(-0.5f, -0.25f);
    }
}
