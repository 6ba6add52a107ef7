package dev.timbre.bundle;

import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.MeanSigmoid;
import dev.timbre.eval.NormalizedSum;
import dev.timbre.eval.ThresholdSweep;

import dev.timbre.train.ExampleSet;
import dev.timbre.train.Mixer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses S1 and S2 thresholds on the validation split, never on test data. Validation clips hold one
 * instrument each, while real use is polyphonic, so the sweep runs on mixtures of 1–4 validation clips of
 * different instruments (power-domain sums, as in training) labelled with the union of their instruments.
 */
public final class ValidationThresholds {

    private ValidationThresholds() {
    }

    /**
     * The chosen rules and the sweeps behind them.
     *
     * @param sweeps   per rule family, micro-F1 against its global threshold
     * @param perClass per rule family (same order), one threshold per class chosen on the same mixtures
     * @param mixtures validation mixtures scored
     */
    public record Selection(List<ThresholdSweep.Result> sweeps, List<double[]> perClass, int mixtures) {

        /** The rule with the best validation micro-F1. */
        public DecisionRule best() {
            return sweeps.stream().max(java.util.Comparator.comparingDouble(s -> s.best().f1())).orElseThrow().rule();
        }
    }

    public static Selection select(WindowScorer scorer, ExampleSet validation, Mixer mixer, int classes,
                                   int mixtures, long seed) {
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
        int batch = 32;
        float[] x = new float[batch * len];
        float[][] sources = new float[4][len];
        double[] gains = new double[4];
        int inBatch = 0;
        for (int m = 0; m < mixtures; m++) {
            int k = Math.min(present.size(), 1 + rng.nextInt(4));
            List<Integer> cls = new ArrayList<>(present);
            java.util.Collections.shuffle(cls, rng);
            for (int j = 0; j < k; j++) {
                List<Integer> members = byClass.get(cls.get(j));
                validation.copyFeatures(members.get(rng.nextInt(members.size())), sources[j], 0);
                gains[j] = Math.pow(10, (rng.nextDouble() * 2 - 1) * 0.6);
                truth[m][cls.get(j)] = true;
            }
            mixer.mix(java.util.Arrays.copyOf(sources, k), java.util.Arrays.copyOf(gains, k), x, inBatch * len);
            inBatch++;
            if (inBatch == batch || m == mixtures - 1) {
                float[] y = scorer.forward(java.util.Arrays.copyOf(x, inBatch * len), inBatch);
                for (int i = 0; i < inBatch; i++) {
                    logits.add(new float[][]{java.util.Arrays.copyOfRange(y, i * classes, (i + 1) * classes)});
                }
                inBatch = 0;
            }
        }
        double[] grid = ThresholdSweep.grid(0.02, 0.9, 0.02);
        List<ThresholdSweep.Result> sweeps = List.of(
                ThresholdSweep.sweep(new MeanSigmoid(0.1, MeanSigmoid.Reduction.MEAN), grid, logits, truth),
                ThresholdSweep.sweep(new NormalizedSum(0.4), grid, logits, truth));
        List<double[]> perClass = new ArrayList<>();
        for (ThresholdSweep.Result r : sweeps) {
            perClass.add(ThresholdSweep.perClass(r.rule(), grid, logits, truth, r.best().threshold()));
        }
        return new Selection(sweeps, perClass, mixtures);
    }
}
