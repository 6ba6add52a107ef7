package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.bundle.WindowScorer;
import dev.timbre.dataset.Instrument;
import dev.timbre.eval.Decision;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.Window;
import dev.timbre.eval.WindowPolicy;
import dev.timbre.eval.Windowing;
import dev.timbre.feature.FeaturePipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java API: load a model bundle once, then recognize instruments in files or in-memory audio, from any
 * number of threads.
 *
 * <pre>{@code
 * try (InstrumentRecognizer r = InstrumentRecognizer.load(Path.of("runs/demo"))) {
 *     Recognition result = r.recognize(Path.of("song.wav"));
 *     result.instruments().forEach(i -> System.out.println(i.name() + " " + i.score()));
 * }
 * }</pre>
 */
public final class InstrumentRecognizer implements Recognizer {

    private final ModelBundle bundle;
    private final FeaturePipeline pipeline;
    private final Windowing windowing;
    private final DecisionRule rule;
    private final WindowScorer scorer;
    private final List<String> classes;

    private InstrumentRecognizer(ModelBundle bundle, Windowing windowing, DecisionRule rule) throws IOException {
        this.bundle = bundle;
        BundleManifest m = bundle.manifest();
        this.pipeline = new FeaturePipeline(m.features(), null);
        this.windowing = windowing;
        this.rule = rule;
        this.scorer = new WindowScorer(bundle, 32);
        this.classes = m.classes();
    }

    /** A recognizer for the bundle in {@code dir} with its own windowing and default rule. */
    public static InstrumentRecognizer load(Path dir) throws IOException {
        return of(ModelBundle.read(dir));
    }

    /** A recognizer for an already-read bundle with its own windowing and default rule. */
    public static InstrumentRecognizer of(ModelBundle bundle) throws IOException {
        BundleManifest.Windowing w = bundle.manifest().windowing();
        return new InstrumentRecognizer(bundle, new Windowing(w.windowFrames(), w.overlap(),
                WindowPolicy.parse(w.policy())), DecisionRule.parse(bundle.manifest().defaultRule()));
    }

    /** The same model with another windowing or rule (no reload of weights is shared: loads again). */
    public static InstrumentRecognizer of(ModelBundle bundle, Windowing windowing, DecisionRule rule)
            throws IOException {
        return new InstrumentRecognizer(bundle, windowing, rule);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public DecisionRule rule() {
        return rule;
    }

    @Override
    public Recognition recognize(Path audioFile) throws IOException {
        return recognize(prepare(audioFile));
    }

    /**
     * The CPU-side half of recognition: decode, resample, cut and compute features. Thread-safe, so a pool can
     * prepare the next files while {@link #recognize(Prepared)} runs the network on this one.
     */
    public Prepared prepare(Path audioFile) throws IOException {
        return prepare(pipeline.load(audioFile));
    }

    private Prepared prepare(AudioClip clip) {
        List<Window> windows = windowing.cut(clip.frames());
        List<float[][][]> features = new ArrayList<>(windows.size());
        for (Window w : windows) {
            features.add(pipeline.window(clip, w.start()));
        }
        return new Prepared(windows, features, clip.sampleRate(), clip.durationSeconds());
    }

    /**
     * A recording cut into windows with their features, ready for the network.
     *
     * @param windows    where each window lies
     * @param features   per window {@code (maps, nMels, frames)}
     * @param sampleRate rate of the window positions
     * @param seconds    length of the recording
     */
    public record Prepared(List<Window> windows, List<float[][][]> features, int sampleRate, double seconds) {
    }

    /** The network half of recognition. */
    public Recognition recognize(Prepared prepared) {
        WindowLogits wl = new WindowLogits(prepared.windows(), scorer.logits(prepared.features()));
        return decide(wl, prepared.sampleRate(), prepared.seconds());
    }

    @Override
    public Recognition recognize(float[][] audio, int sampleRate) {
        return recognize(prepare(pipeline.toRate(new AudioClip(audio, sampleRate))));
    }

    /** Window logits of a clip already at the model's rate: {@code (windows, classes)}. */
    public WindowLogits windowLogits(AudioClip clip) {
        Prepared p = prepare(clip);
        return new WindowLogits(p.windows(), scorer.logits(p.features()));
    }

    /**
     * Windows of a clip with their logits.
     *
     * @param windows where each window lies
     * @param logits  {@code (windows, classes)}
     */
    public record WindowLogits(List<Window> windows, float[][] logits) {
    }

    private Recognition decide(WindowLogits wl, int rate, double seconds) {
        Decision d = rule.decide(wl.logits());
        List<InstrumentScore> found = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            scores.put(classes.get(c), round(d.scores()[c]));
            if (d.selected()[c]) {
                found.add(new InstrumentScore(classes.get(c), nameOf(classes.get(c)), round(d.scores()[c])));
            }
        }
        found.sort(Comparator.comparingDouble(InstrumentScore::score).reversed());
        List<TimelineWindow> timeline = new ArrayList<>();
        for (int i = 0; i < wl.windows().size(); i++) {
            Window w = wl.windows().get(i);
            Map<String, Double> ws = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                ws.put(classes.get(c), round(DecisionRule.sigmoid(wl.logits()[i][c])));
            }
            timeline.add(new TimelineWindow(round(w.startSeconds(rate)), round(w.endSeconds(rate)), ws));
        }
        return new Recognition(found, scores, timeline, round(seconds), rule.spec());
    }

    static String nameOf(String code) {
        return Instrument.fromCode(code).map(Instrument::displayName).orElse(code);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    @Override
    public ModelCard card() {
        return ModelCards.of(bundle);
    }

    @Override
    public void close() {
        scorer.close();
    }
}
