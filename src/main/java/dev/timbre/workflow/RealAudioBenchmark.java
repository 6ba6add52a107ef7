package dev.timbre.workflow;

import dev.timbre.eval.EvaluationReport;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.LabelledAudio;
import dev.timbre.dataset.RecordingMixes;
import dev.timbre.dataset.TestingClip;
import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.ClipOutcomes;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.SingleLabelMetrics;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.Windowing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The real-audio measurement of a model: its scores on real single-instrument recordings (IRMAS training clips,
 * a folder of labelled recordings) and on polyphonic mixes of such recordings made in memory
 * ({@link RecordingMixes}). These sets are for measuring only: nothing here trains or chooses a threshold.
 */
public final class RealAudioBenchmark {

    private RealAudioBenchmark() {
    }

    /**
     * What to measure on.
     *
     * @param irmas       an IRMAS-format root whose training clips (and testing parts) are scored, or {@code null}
     * @param recordings  a folder of labelled recordings, scored and mixed, or {@code null}
     * @param mixes       how many mixes of {@code recordings} (0: none)
     * @param mixSeconds  length of each mix
     * @param seed        decides the mixes
     */
    public record Settings(Path irmas, Path recordings, int mixes, double mixSeconds, long seed) {

        public Settings {
            if (irmas == null && recordings == null) {
                throw new IllegalArgumentException("nothing to measure on: give an IRMAS root or a folder of "
                        + "labelled recordings");
            }
            if (mixes < 0 || !(mixSeconds > 0)) {
                throw new IllegalArgumentException("mixes must be >= 0 and their length positive");
            }
        }
    }

    /**
     * The reports, each {@code null} when its set was not asked for.
     *
     * @param irmas      the IRMAS root's clips
     * @param recordings the labelled recordings
     * @param mixes      the mixes of the recordings
     * @param clips      each set's outcomes per clip ({@code irmas}, {@code recordings}, {@code mixes}), for
     *                   intervals and comparisons
     */
    public record Result(EvaluationReport irmas, EvaluationReport recordings, EvaluationReport mixes,
                         Map<String, ClipOutcomes> clips) {
    }

    /**
     * @param device   where the network runs
     * @param progress called with (set name, clips done)
     */
    public static Result run(ModelBundle bundle, Settings s, ComputeDevice device,
                             BiConsumer<String, Integer> progress) throws IOException {
        Windowing windowing = Windowing.of(bundle.manifest().windowing());
        List<DecisionRule> rules = Evaluation.bundleRules(bundle);
        Map<String, ClipOutcomes> outcomes = new LinkedHashMap<>();
        EvaluationReport irmas = null;
        if (s.irmas() != null) {
            List<TestingClip> clips = LabelledAudio.scan(s.irmas(), true).clips();
            irmas = keep(evaluate(bundle, clips, s.irmas().toString(), windowing, rules, device, "irmas", progress),
                    "irmas", rules, outcomes);
        }
        EvaluationReport recordings = null;
        EvaluationReport mixes = null;
        if (s.recordings() != null) {
            List<TestingClip> clips = LabelledAudio.scan(s.recordings(), false).clips();
            recordings = keep(evaluate(bundle, clips, s.recordings().toString(), windowing, rules, device,
                    "recordings", progress), "recordings", rules, outcomes);
            if (s.mixes() > 0) {
                List<Evaluation.Item> items = new ArrayList<>();
                for (RecordingMixes.Mix m : RecordingMixes.plan(clips, s.mixes(), s.mixSeconds(), s.seed())) {
                    items.add(new Evaluation.Item(m.name(), m.labels(),
                            p -> m.render(p.settings().sampleRate())));
                }
                String name = String.format(java.util.Locale.ROOT, "%d mixes of 2-3 recordings of %s (%.0f s, "
                        + "seed %d)", s.mixes(), s.recordings(), s.mixSeconds(), s.seed());
                mixes = keep(Evaluation.run(bundle, items, name, windowing, rules, device,
                        d -> progress.accept("mixes", d)), "mixes", rules, outcomes);
            }
        }
        return new Result(irmas, recordings, mixes, Map.copyOf(outcomes));
    }

    /** The report of {@code o}, its clips' outcomes under the bundle's first rule kept as {@code set}. */
    private static EvaluationReport keep(Evaluation.Outcome o, String set, List<DecisionRule> rules,
                                         Map<String, ClipOutcomes> outcomes) {
        outcomes.put(set, ClipEvaluation.outcomes(o.logits(), rules.get(0)));
        return o.report();
    }

    private static Evaluation.Outcome evaluate(ModelBundle bundle, List<TestingClip> clips, String name,
                                             Windowing windowing, List<DecisionRule> rules, ComputeDevice device,
                                             String set, BiConsumer<String, Integer> progress)
            throws IOException {
        if (clips.isEmpty()) {
            throw new IOException(name + ": no labelled recordings (audio files in folders named by instrument "
                    + "code, or with a .txt of codes beside them)");
        }
        return Evaluation.run(bundle, clips.stream().map(Evaluation.Item::of).toList(), name,
                windowing, rules, device, d -> progress.accept(set, d));
    }

    /** Keeps the figures in the bundle's model.json as {@code real.<set>.<figure>}, shown on its model card. */
    public static void record(Path bundleDir, Result r) throws IOException {
        ModelBundle.addMetrics(bundleDir, metrics(r));
    }

    /** {@code real.<set>.<figure>} for the model card. */
    static Map<String, Double> metrics(Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (var e : Map.of("irmas", r.irmas(), "recordings", r.recordings()).entrySet()) {
            if (e.getValue() != null && e.getValue().singleLabel() != null) {
                SingleLabelMetrics.Scores s = e.getValue().singleLabel().scores();
                m.put("real." + e.getKey() + ".balanced_top1", s.balancedTop1());
                m.put("real." + e.getKey() + ".top1", s.top1());
                m.put("real." + e.getKey() + ".hit_rate", s.hitRate());
            }
        }
        if (r.mixes() != null) {
            EvaluationReport.RuleResult first = r.mixes().rules().values().iterator().next();
            m.put("real.mixes.micro_f1", first.micro().f1());
            m.put("real.mixes.known_count_micro_f1", r.mixes().knownCount().microF1());
        }
        return m;
    }
}
