package dev.timbre.dataset;

import java.nio.file.Path;
import java.util.Set;

/**
 * A testing clip of the IRMAS layout: 5–20 s with every predominant instrument labelled.
 *
 * @param file   the WAV file
 * @param labels the instruments listed in the {@code .txt} beside it (at least one)
 */
public record TestingClip(Path file, Set<Instrument> labels) {
}
