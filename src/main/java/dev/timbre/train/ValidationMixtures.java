package dev.timbre.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Polyphonic examples made from the validation split, for choosing decision thresholds: validation clips hold one
 * instrument each while real use is polyphonic, so each mixture sums 1–4 validation clips of different instruments
 * in the power domain ({@link Mixer}, as training mixes), at random levels within ±6 dB, and is labelled with the
 * union of their instruments. Mixtures are made and scored a batch at a time, so memory stays at one batch.
 */
public final class ValidationMixtures {

    /** Mixtures scored per forward pass. */
    public static final int BATCH = 32;

    /** The network in inference mode, on a batch of flattened examples. */
    @FunctionalInterface
    public interface Network {
        /** Logits {@code (n * classes)} of {@code n} flattened examples. */
        float[] forward(float[] examples, int n);
    }

    /**
     * Mixtures with their logits.
     *
     * @param logits per mixture {@code (1, classes)}: one window each
     * @param truth  per mixture {@code (classes)}
     */
    public record Scored(List<float[][]> logits, boolean[][] truth) {
    }

    private ValidationMixtures() {
    }

    /**
     * Makes {@code mixtures} mixtures of {@code validation} and scores them with {@code network}.
     *
     * @param seed decides the mixtures
     */
    public static Scored score(ExampleSet validation, Mixer mixer, int classes, int mixtures, long seed,
                               Network network) {
        Random rng = new Random(seed ^ 0x5DEECE66DL);
        int len = validation.exampleLength();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < validation.size(); i++) {
            byClass.get(validation.label(i)).add(i);
        }
        List<Integer> present = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (!byClass.get(c).isEmpty()) {
                present.add(c);
            }
        }
        boolean[][] truth = new boolean[mixtures][classes];
        List<float[][]> logits = new ArrayList<>();
        float[] x = new float[BATCH * len];
        float[][] sources = new float[4][len];
        double[] gains = new double[4];
        int inBatch = 0;
        for (int m = 0; m < mixtures; m++) {
            int k = Math.min(present.size(), 1 + rng.nextInt(4));
            List<Integer> cls = new ArrayList<>(present);
            Collections.shuffle(cls, rng);
            for (int j = 0; j < k; j++) {
                List<Integer> members = byClass.get(cls.get(j));
                validation.copyFeatures(members.get(rng.nextInt(members.size())), sources[j], 0);
                gains[j] = Math.pow(10, (rng.nextDouble() * 2 - 1) * 0.6);
                truth[m][cls.get(j)] = true;
            }
            mixer.mix(Arrays.copyOf(sources, k), Arrays.copyOf(gains, k), x, inBatch * len);
            inBatch++;
            if (inBatch == BATCH || m == mixtures - 1) {
                float[] y = network.forward(Arrays.copyOf(x, inBatch * len), inBatch);
                for (int i = 0; i < inBatch; i++) {
                    logits.add(new float[][]{Arrays.copyOfRange(y, i * classes, (i + 1) * classes)});
                }
                inBatch = 0;
            }
        }
        return new Scored(logits, truth);
    }
}
