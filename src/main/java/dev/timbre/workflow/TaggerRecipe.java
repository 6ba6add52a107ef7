package dev.timbre.workflow;

import dev.timbre.dataset.synth.Realism;
import dev.timbre.dataset.synth.SynthSettings;
import dev.timbre.feature.ChannelMode;
import dev.timbre.feature.FeatureSettings;
import dev.timbre.model.Architecture;
import dev.timbre.model.ModelSpec;
import dev.timbre.train.LearningRateSchedule;
import dev.timbre.train.TrainSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * How timbre's default tagger is made, chosen by its scores on real recordings (docs/experiments.md): a corpus of
 * generated music played on real recorded notes and phrases and on General MIDI SoundFonts, through rooms,
 * colouration, noise and mastering, with a share of isolated notes; compact features; the study's Model 1
 * convolutions with global pooling ({@link Architecture#POOLED_CNN}), trained with a cosine learning-rate schedule
 * on examples shifted by a band or two.
 * {@code timbre demo} runs it once at a small scale; the bundled model averages five full-scale runs of it
 * ({@code timbre ensemble}) on a corpus that gives recorded phrases three times {@link #PHRASE_SHARE} (notes 0.4): at
 * full scale that measured better on real recordings; at the demo's scale twice the phrases (notes 0.6) already cost
 * the synthesized clips their target, so the demo keeps these shares.
 */
public final class TaggerRecipe {

    /** Share of training parts played on recorded notes, where a source has the instrument. */
    public static final double NOTE_SHARE = 0.8;
    /** Share of training clips whose predominant part is a recorded phrase (stems, singing). */
    public static final double PHRASE_SHARE = 0.2;
    /** Share of training clips whose predominant part plays alone. */
    public static final double SOLO_SHARE = 0.4;
    /** Share of training clips of a few separate notes, as sound libraries record them. */
    public static final double SPARSE_SHARE = 0.3;
    /** The recording steps. */
    public static final Realism REALISM = new Realism(0.5, 0.6, 0.3, 0.5);

    private TaggerRecipe() {
    }

    /** The corpus: SoundFonts found on the system plus the given folders of real recordings. */
    public static SynthSettings corpus(long seed, int trainPerClass, int testClips, List<Path> samples, int threads) {
        boolean recorded = !samples.isEmpty();
        return new SynthSettings(seed, trainPerClass, testClips, List.of(), null, threads, samples,
                recorded ? NOTE_SHARE : 0, recorded ? PHRASE_SHARE : 0, REALISM, SOLO_SHARE, SPARSE_SHARE, false);
    }

    /** The features: {@link FeatureSettings#compact}, mono. */
    public static FeatureSettings features() {
        return FeatureSettings.compact(ChannelMode.MONO);
    }

    /**
     * The network: the study's Model 1 convolutions with n = 16, pooled over time and frequency, so that it reads
     * windows of any length and trains faster than the flattened head.
     */
    public static ModelSpec model() {
        return ModelSpec.defaults(Architecture.POOLED_CNN, features()).withBaseChannels(16);
    }

    /**
     * Most mel bands a training example is shifted by, up or down: a recorded instrument heard a little higher or
     * lower in pitch and formants stands for the other instruments of its kind that no source recorded.
     */
    public static final int BAND_SHIFT = 2;

    /**
     * Training: Adam from 1e-3 down to zero along half a cosine over the epochs, batch 64, mixing of half of each
     * batch, a random equaliser of up to ±10 dB, random time shifts and band shifts of up to {@link #BAND_SHIFT}.
     */
    public static TrainSettings training(long seed, int epochs, int patience) {
        return new TrainSettings(64, 1e-3f, epochs, patience, seed, TrainSettings.VALIDATION_FRACTION,
                TrainSettings.MIX_PROBABILITY, TrainSettings.MAX_MIX_SOURCES, TrainSettings.MIX_GAIN_DB, 10, true,
                BAND_SHIFT, 0, 0, LearningRateSchedule.COSINE);
    }
}
