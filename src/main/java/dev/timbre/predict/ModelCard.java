package dev.timbre.predict;

import java.util.List;
import java.util.Map;

/**
 * A short, honest description of a model for users and for {@code GET /v1/models}.
 *
 * @param name        bundle name
 * @param architecture e.g. {@code cnn (n=16, mono, relu)}
 * @param classes     IRMAS codes in output order
 * @param trainedOn   what the training data was (e.g. synthesized IRMAS-format corpus, which banks)
 * @param sources     the recorded sources of the training data, each with what it gave and its licence as stated
 * @param metrics     measured scores, e.g. {@code test.s2.micro.f1} → value
 * @param notes       caveats a user must know (e.g. trained on synthesized audio)
 * @param commands    the timbre commands that made it, as far as the bundle records them (the corpus's synthesis,
 *                    then the training; for an ensemble each member's training, then the ensemble's), with the
 *                    paths of the machine it was made on
 */
public record ModelCard(String name, String architecture, List<String> classes, String trainedOn,
                        List<String> sources, Map<String, Double> metrics, String notes, List<String> commands) {
}
