package dev.timbre.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses S1 and S2 thresholds on validation data, never on test data: each tunable rule ({@link Rules#tunable()})
 * swept over a grid of thresholds for the best micro-F1, and one threshold per class beside it.
 */
public final class ValidationThresholds {

    /** The thresholds tried: 0.02 to 0.9 in steps of 0.02. */
    private static final double[] GRID = ThresholdSweep.grid(0.02, 0.9, 0.02);

    private ValidationThresholds() {
    }

    /**
     * The chosen rules and the sweeps behind them.
     *
     * @param sweeps   per rule family, micro-F1 against its global threshold
     * @param perClass per rule family (same order), one threshold per class chosen on the same clips
     * @param mixtures validation clips (mixtures) scored
     */
    public record Selection(List<ThresholdSweep.Result> sweeps, List<double[]> perClass, int mixtures) {

        /** The rule with the best validation micro-F1. */
        public DecisionRule best() {
            return sweeps.stream().max(Comparator.comparingDouble(s -> s.best().f1())).orElseThrow().rule();
        }
    }

    /**
     * @param logits per validation clip {@code (windows, classes)}
     * @param truth  per validation clip {@code (classes)}
     */
    public static Selection select(List<float[][]> logits, boolean[][] truth) {
        List<ThresholdSweep.Result> sweeps = new ArrayList<>();
        for (DecisionRule rule : Rules.tunable()) {
            sweeps.add(ThresholdSweep.sweep(rule, GRID, logits, truth));
        }
        List<double[]> perClass = new ArrayList<>();
        for (ThresholdSweep.Result r : sweeps) {
            perClass.add(ThresholdSweep.perClass(r.rule(), GRID, logits, truth, r.best().threshold()));
        }
        return new Selection(List.copyOf(sweeps), perClass, truth.length);
    }
}
