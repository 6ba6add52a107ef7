package dev.timbre.eval;

/**
 * A clip-level decision.
 *
 * @param selected per class, whether the rule reports it
 * @param scores   per class, the clip score the rule thresholded (for ranking, curves and display)
 */
public record Decision(boolean[] selected, double[] scores) {

    /** Reports each class whose score exceeds {@code threshold}. */
    static Decision above(double[] scores, double threshold) {
        boolean[] selected = new boolean[scores.length];
        for (int c = 0; c < scores.length; c++) {
            selected[c] = scores[c] > threshold;
        }
        return new Decision(selected, scores);
    }
}
