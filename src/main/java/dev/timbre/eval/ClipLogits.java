package dev.timbre.eval;

import java.util.List;

/**
 * The window logits of every scored clip with the clips' true labels: what evaluation scores, kept so that rules and
 * thresholds can be studied without running the network again ({@code window-logits.json}).
 *
 * @param files  clip names (files, or mixes made in memory)
 * @param truth  {@code (clips, classes)}
 * @param logits per clip {@code (windows, classes)}
 */
public record ClipLogits(List<String> files, boolean[][] truth, List<float[][]> logits) {
}
