package dev.timbre.eval;

/**
 * A clip-level decision.
 *
 * @param selected per class, whether the rule reports it
 * @param scores   per class, the clip score the rule thresholded (for ranking, curves and display)
 */
public record Decision(boolean[] selected, double[] scores) {
}
