package dev.timbre.predict;

import java.util.List;
import java.util.Map;

/**
 * What timbre found in one recording. {@code timbre predict --format json} and the HTTP service write this record
 * as it is (the command adds the file's name and leaves the timeline out unless asked).
 *
 * @param instruments     the instruments the decision rule selected, most confident first
 * @param scores          IRMAS code → the probability-like score of {@link InstrumentScore#score()}, for every
 *                        class in class order (0 for all when every window is silent)
 * @param ruleScores      IRMAS code → the decision rule's own statistic ({@link InstrumentScore#ruleScore()})
 * @param timeline        per-window scores in time order
 * @param durationSeconds length of the recording, rounded to milliseconds
 * @param rule            the decision rule that selected {@code instruments}, e.g. {@code s2:0.4}
 * @param model           the model that answered
 * @param warnings        what makes this answer less trustworthy than usual (a clip shorter than one analysis
 *                        window, a recording that is silence throughout, a file shorter than its header says), in
 *                        words; empty when nothing does
 */
public record Recognition(List<InstrumentScore> instruments, Map<String, Double> scores,
                          Map<String, Double> ruleScores, List<TimelineWindow> timeline, double durationSeconds,
                          String rule, ModelIdentity model, List<String> warnings) {

    /** The same answer with other warnings. */
    public Recognition withWarnings(List<String> newWarnings) {
        return new Recognition(instruments, scores, ruleScores, timeline, durationSeconds, rule, model,
                List.copyOf(newWarnings));
    }
}
