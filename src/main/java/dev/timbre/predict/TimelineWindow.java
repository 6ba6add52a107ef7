package dev.timbre.predict;

import java.util.Map;

/**
 * The model's view of one analysis window.
 *
 * @param start  seconds from the start of the recording, rounded to milliseconds
 * @param end    seconds; for a zero-padded short clip this is the clip's end, not the window's
 * @param silent whether the window's level is below the energy floor
 *               ({@link InstrumentRecognizer#SILENCE_FLOOR_DBFS}); such a window is not given to the model, reports
 *               no instrument and scores 0 for every class
 * @param scores IRMAS code → sigmoid of the window's logit, in class order
 */
public record TimelineWindow(double start, double end, boolean silent, Map<String, Double> scores) {
}
