package dev.timbre.testing;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.dataset.Instrument;
import dev.timbre.feature.FeatureSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small IRMAS-format training folder written by the test itself: for every instrument, a few 3-s clips of a
 * tone whose pitch and timbre depend on the instrument, with a little noise. Quick to make and to featurize, and
 * enough for a training run to go through every stage.
 */
public final class TinyCorpus {

    private TinyCorpus() {
    }

    /** Writes {@code perClass} clips per instrument under {@code root/IRMAS-TrainingData} and returns {@code root}. */
    public static Path write(Path root, int perClass, long seed) throws IOException {
        Random rng = new Random(seed);
        for (Instrument inst : Instrument.ALL) {
            Files.createDirectories(root.resolve("IRMAS-TrainingData").resolve(inst.code()));
            for (int i = 0; i < perClass; i++) {
                float[] x = tone(110.0 * (1 + inst.index()) * (1 + 0.03 * i), 2 + inst.index() % 4, rng);
                WavWriter.write16(root.resolve("IRMAS-TrainingData").resolve(inst.code())
                        .resolve(inst.code() + "-" + i + ".wav"), new AudioClip(new float[][]{x}, 44_100));
            }
        }
        return root;
    }

    /** A 3-s tone at {@code hz} with {@code harmonics} partials and a little noise. */
    public static float[] tone(double hz, int harmonics, Random rng) {
        float[] x = new float[dev.timbre.dataset.IrmasDataset.CLIP_FRAMES];
        for (int n = 0; n < x.length; n++) {
            double v = 0;
            for (int h = 1; h <= harmonics; h++) {
                v += Math.sin(2 * Math.PI * hz * h * n / 44_100) / h;
            }
            x[n] = (float) (0.3 * v / harmonics + 0.005 * rng.nextGaussian());
        }
        return x;
    }
}
