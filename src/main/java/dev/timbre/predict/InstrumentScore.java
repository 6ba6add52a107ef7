package dev.timbre.predict;

/**
 * One instrument reported for a recording.
 *
 * @param code      IRMAS code, e.g. {@code gel}
 * @param name      human name, e.g. {@code electric guitar}
 * @param score     the model's probability-like confidence: the mean over the recording's sounding windows of the
 *                  window's sigmoid for this class, so 1.00 means the model was certain in every window
 * @param ruleScore the statistic the decision rule compared with its threshold to report this instrument (S2:
 *                  the class's summed sigmoid divided by the top class's, which is 1.00 for the top class of
 *                  every recording; S1: the mean sigmoid; majority: the share of windows it won)
 */
public record InstrumentScore(String code, String name, double score, double ruleScore) {
}
