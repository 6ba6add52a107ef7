package dev.timbre.dataset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A training clip of the IRMAS layout: 3 s with one labelled predominant instrument.
 *
 * @param file       the WAV file
 * @param instrument its label (the folder it is in)
 * @param recording  the source recording it was cut from: clips sharing it must stay on one side of a split
 * @param drums      whether drums play ({@code [dru]}) or not ({@code [nod]}), when the name says
 * @param genre      the genre tag of the name (e.g. {@code cla}, {@code pop_roc}), when present
 */
public record TrainingClip(Path file, Instrument instrument, String recording, Optional<Boolean> drums,
                           Optional<String> genre) {
}
