package dev.timbre.train;

/**
 * How Adam's step size changes over a run. {@link #COSINE} decays it from the base rate to zero along half a
 * cosine over the run's planned optimizer steps (Loshchilov &amp; Hutter's SGDR without restarts): the late,
 * small steps settle the weights in a wider minimum than a constant rate's last epochs, whose validation loss
 * keeps jumping from epoch to epoch.
 */
public enum LearningRateSchedule {
    /** The base rate throughout (the study's). */
    CONSTANT,
    /** {@code base · ½ (1 + cos(π · step / steps))}, zero from the planned last step on. */
    COSINE;

    /**
     * The step size of optimizer step {@code step} (0-based).
     *
     * @param steps the steps the run plans (epochs × batches per epoch); early stopping may end it sooner
     */
    public float rate(float base, long step, long steps) {
        if (this == CONSTANT) {
            return base;
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("a cosine schedule needs the run's planned steps, got " + steps);
        }
        double progress = Math.min(1.0, Math.max(0, step) / (double) steps);
        return (float) (base * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
