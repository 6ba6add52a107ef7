package dev.timbre.predict;

/**
 * One instrument with its clip-level score.
 *
 * @param code  IRMAS code, e.g. {@code gel}
 * @param name  human name, e.g. {@code electric guitar}
 * @param score the decision rule's clip score for this class (higher is more confident)
 */
public record InstrumentScore(String code, String name, double score) {
}
