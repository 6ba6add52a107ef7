package dev.timbre.predict;

/**
 * Which trained model answered: enough to tell two models, or two trainings of one, apart.
 *
 * @param name          the bundle's name
 * @param createdAt     when the bundle was written (ISO-8601)
 * @param weightsSha256 the SHA-256 of its weights, lowercase hex
 */
public record ModelIdentity(String name, String createdAt, String weightsSha256) {
}
