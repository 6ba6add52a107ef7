package dev.timbre.model;

/** Validation shared by the architecture builders. */
final class BuilderChecks {

    private BuilderChecks() {
    }

    /** @throws IllegalArgumentException with {@code message} unless {@code ok} */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
