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
 * instrument each, while real use is polyphonic, so the sweep runs on pseudo-clips: 1–4 windows, each a mixture
 * of validation clips of the same 1–4 different instruments (power-domain sums, as in training), labelled with
 * those instruments.
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
        // Each pseudo-clip is 1–4 windows with the same instruments (a fresh clip of each per window), so S1 and
        // S2 average and normalise over windows as they do on real, longer test clips.
        boolean[][] truth = new boolean[mixtures][classes];
        int[] windows = new int[mixtures];
        List<float[][]> logits = new ArrayList<>();
        int batch = 32;
        float[] x = new float[batch * len];
        float[][] sources = new float[4][len];
        double[] gains = new double[4];
        int inBatch = 0;
        List<float[]> rows = new ArrayList<>();
        for (int m = 0; m < mixtures; m++) {
            int k = Math.min(present.size(), 1 + rng.nextInt(4));
            List<Integer> cls = new ArrayList<>(present);
            java.util.Collections.shuffle(cls, rng);
            windows[m] = 1 + rng.nextInt(4);
            for (int j = 0; j < k; j++) {
                truth[m][cls.get(j)] = true;
            }
            for (int win = 0; win < windows[m]; win++) {
                for (int j = 0; j < k; j++) {
                    List<Integer> members = byClass.get(cls.get(j));
                    validation.copyFeatures(members.get(rng.nextInt(members.size())), sources[j], 0);
                    gains[j] = Math.pow(10, (rng.nextDouble() * 2 - 1) * 0.6);
                }
                mixer.mix(java.util.Arrays.copyOf(sources, k), java.util.Arrays.copyOf(gains, k), x,
                        inBatch * len);
                inBatch++;
                boolean last = m == mixtures - 1 && win == windows[m] - 1;
                if (inBatch == batch || last) {
                    float[] y = scorer.forward(java.util.Arrays.copyOf(x, inBatch * len), inBatch);
                    for (int i = 0; i < inBatch; i++) {
                        rows.add(java.util.Arrays.copyOfRange(y, i * classes, (i + 1) * classes));
                    }
                    inBatch = 0;
                }
            }
        }
        for (int m = 0, r = 0; m < mixtures; m++) {
            float[][] clip = new float[windows[m]][];
            for (int win = 0; win < windows[m]; win++) {
                clip[win] = rows.get(r++);
            }
            logits.add(clip);
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
