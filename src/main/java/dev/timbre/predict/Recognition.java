package dev.timbre.predict;

import java.util.List;
import java.util.Map;

/**
 * What timbre found in one recording.
 *
 * @param instruments     the instruments selected by the bundle's default decision rule, highest score first
 * @param scores          IRMAS code → clip score (of the default rule), for all classes in class order
 * @param timeline        per-window scores in time order
 * @param durationSeconds length of the recording
 * @param rule            the decision rule that selected {@code instruments}, e.g. {@code s2:0.4}
 */
public record Recognition(List<InstrumentScore> instruments, Map<String, Double> scores,
                          List<TimelineWindow> timeline, double durationSeconds, String rule) {
}
