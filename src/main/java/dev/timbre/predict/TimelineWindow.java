package dev.timbre.predict;

import java.util.Map;

/**
 * The model's view of one analysis window.
 *
 * @param start  seconds from the start of the recording
 * @param end    seconds; for a zero-padded short clip this is the clip's end, not the window's
 * @param scores IRMAS code → sigmoid of the window's logit, in class order
 */
public record TimelineWindow(double start, double end, Map<String, Double> scores) {
}
