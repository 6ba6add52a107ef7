package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioFormatException;
import dev.timbre.audio.AudioStream;
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

    /** Windows scored per forward pass when streaming. */
    private static final int STREAM_BATCH = 8;

    /** Streams the file: memory stays at about two windows of audio and a batch of features, whatever its length. */
    @Override
    public Recognition recognize(Path audioFile) throws IOException {
        try (AudioStream stream = pipeline.open(audioFile)) {
            return recognize(stream, audioFile);
        }
    }

    /**
     * Recognizes a stream at the model's rate, window by window. The windows and scores are those of
     * {@link #recognize(Prepared)} on the whole recording: regular windows are scored as soon as their audio has
     * been read; the rest (an end-aligned last window, the study's tail, a clip shorter than a window) once the
     * length is known, from the last window of audio kept.
     *
     * @param source names the source in errors
     */
    public Recognition recognize(AudioStream stream, Path source) throws IOException {
        int rate = pipeline.settings().sampleRate();
        if (stream.sampleRate() != rate) {
            throw new IllegalArgumentException(source + ": stream at " + stream.sampleRate() + " Hz, the model needs "
                    + rate + " Hz");
        }
        int w = windowing.windowFrames();
        int channels = stream.channels();
        float[][] buf = new float[channels][2 * w];
        long bufStart = 0;
        int bufLen = 0;
        long read = 0;
        int next = 0;
        Map<Long, float[]> scored = new LinkedHashMap<>();
        List<Long> batchStarts = new ArrayList<>();
        List<float[][][]> batch = new ArrayList<>();
        while (true) {
            for (long s = windowing.startOf(next); s + w <= read; s = windowing.startOf(++next)) {
                batchStarts.add(s);
                batch.add(pipeline.window(segment(buf, (int) (s - bufStart), w, w, rate), 0));
                if (batch.size() == STREAM_BATCH) {
                    score(batchStarts, batch, scored);
                }
            }
            // Keep what a later window may need: from the next regular start, and always the last window's worth.
            long keepFrom = Math.max(bufStart, Math.min(windowing.startOf(next), read - w));
            int drop = (int) (keepFrom - bufStart);
            if (drop > 0) {
                for (float[] ch : buf) {
                    System.arraycopy(ch, drop, ch, 0, bufLen - drop);
                }
                bufStart = keepFrom;
                bufLen -= drop;
            }
            int n = stream.read(buf, bufLen, buf[0].length - bufLen);
            if (n < 0) {
                break;
            }
            bufLen += n;
            read += n;
        }
        score(batchStarts, batch, scored);
        if (read == 0) {
            throw new AudioFormatException(source, "no audio frames");
        }
        List<Window> windows = windowing.cut(read);
        float[][] logits = new float[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            Window win = windows.get(i);
            float[] l = win.frames() == w ? scored.get((long) win.start()) : null;
            if (l == null) {
                int from = (int) (win.start() - bufStart);
                int available = (int) Math.min(win.frames(), bufLen - from);
                batchStarts.add((long) win.start());
                batch.add(pipeline.window(segment(buf, from, available, w, rate), 0));
                Map<Long, float[]> tail = new LinkedHashMap<>();
                score(batchStarts, batch, tail);
                l = tail.get((long) win.start());
            }
            logits[i] = l;
        }
        return decide(new WindowLogits(windows, logits), rate, read / (double) rate);
    }

    /** {@code length} frames of the buffer from {@code from}, zero-padded to {@code size}. */
    private static AudioClip segment(float[][] buf, int from, int length, int size, int rate) {
        float[][] out = new float[buf.length][size];
        for (int c = 0; c < buf.length; c++) {
            System.arraycopy(buf[c], from, out[c], 0, length);
        }
        return new AudioClip(out, rate);
    }

    private void score(List<Long> starts, List<float[][][]> features, Map<Long, float[]> into) {
        if (features.isEmpty()) {
            return;
        }
        float[][] l = scorer.logits(features);
        for (int i = 0; i < l.length; i++) {
            into.put(starts.get(i), l[i]);
        }
        starts.clear();
        features.clear();
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
