package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioFormatException;
import dev.timbre.audio.AudioLimits;
import dev.timbre.audio.AudioStream;
import dev.timbre.bundle.BundleManifest;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.Instrument;
import dev.timbre.eval.Decision;
import dev.timbre.eval.DecisionRule;
import dev.timbre.feature.FeaturePipeline;
import dev.timbre.model.ComputeDevice;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>What it answers for input that is not music: each window's level is measured before the model sees it, and a
 * window below {@link #SILENCE_FLOOR_DBFS} (digital silence, a DC offset, dither) is marked silent and reports
 * nothing, because the features normalise every window to its own peak and would turn any near-silence into a
 * confident-looking answer; a recording that is silent throughout reports no instrument. A recording shorter than
 * one analysis window is zero-padded to it and carries a warning. Each instrument's score is the mean window
 * sigmoid, a probability-like value, with the decision rule's own statistic beside it.
 */
public final class InstrumentRecognizer implements Recognizer {

    /**
     * The energy floor: a window whose RMS level, after removing each channel's mean (so a DC offset counts as
     * silence), is below this many dB relative to full scale is silent. −70 dBFS is about 10 steps of 16-bit
     * audio: far below quiet music, far above dither and digital silence.
     */
    public static final double SILENCE_FLOOR_DBFS = -70;

    /**
     * How windows are grouped into forward passes. The grouping changes logits in their last digits, so each way
     * of reading keeps one grouping: the same audio read the same way always scores the same.
     */
    private enum Passes {
        /**
         * A stream: 8 windows a pass as their audio arrives, so memory stays at a batch of features; the windows
         * known only at the end (an end-aligned last window, the study's tail, a clip shorter than a window) one a
         * pass.
         */
        STREAM(8),
        /** A recording already in memory: 32 windows a pass, in window order. */
        WHOLE(32);

        final int windows;

        Passes(int windows) {
            this.windows = windows;
        }
    }
    /** Names audio handed over in memory, in errors. */
    private static final Path IN_MEMORY = Path.of("audio in memory");

    private final ModelBundle bundle;
    private final FeaturePipeline pipeline;
    private final Windowing windowing;
    private final DecisionRule rule;
    private final WindowScorer scorer;
    private final List<String> classes;
    private final ModelIdentity identity;

    private InstrumentRecognizer(ModelBundle bundle, Windowing windowing, DecisionRule rule, ComputeDevice device)
            throws IOException {
        this.bundle = bundle;
        BundleManifest m = bundle.manifest();
        this.pipeline = new FeaturePipeline(m.features(), null);
        this.windowing = windowing;
        this.rule = rule;
        this.scorer = new WindowScorer(bundle, Passes.WHOLE.windows, device);
        this.classes = m.classes();
        this.identity = new ModelIdentity(m.name(), m.createdAt(), bundle.weightsSha256());
    }

    /** A recognizer for the bundle in {@code dir} with its own windowing and default rule, on a GPU if any. */
    public static InstrumentRecognizer load(Path dir) throws IOException {
        return load(dir, ComputeDevice.AUTO);
    }

    /** A recognizer for the bundle in {@code dir} with its own windowing and default rule. */
    public static InstrumentRecognizer load(Path dir, ComputeDevice device) throws IOException {
        return of(ModelBundle.read(dir), device);
    }

    /** A recognizer for an already-read bundle with its own windowing and default rule, on a GPU if any. */
    public static InstrumentRecognizer of(ModelBundle bundle) throws IOException {
        return of(bundle, ComputeDevice.AUTO);
    }

    /** A recognizer for an already-read bundle with its own windowing and default rule. */
    public static InstrumentRecognizer of(ModelBundle bundle, ComputeDevice device) throws IOException {
        return of(bundle, Windowing.of(bundle.manifest().windowing()),
                DecisionRule.parse(bundle.manifest().defaultRule()), device);
    }

    /** The same model with another windowing or rule, on a GPU if any (loads the weights again). */
    public static InstrumentRecognizer of(ModelBundle bundle, Windowing windowing, DecisionRule rule)
            throws IOException {
        return of(bundle, windowing, rule, ComputeDevice.AUTO);
    }

    /** The same model with another windowing or rule (loads the weights again). */
    public static InstrumentRecognizer of(ModelBundle bundle, Windowing windowing, DecisionRule rule,
                                          ComputeDevice device) throws IOException {
        return new InstrumentRecognizer(bundle, windowing, rule, device);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public DecisionRule rule() {
        return rule;
    }

    /** Which model answers. */
    public ModelIdentity identity() {
        return identity;
    }

    /** Streams the file: memory stays at about two windows of audio and a batch of features, whatever its length. */
    @Override
    public Recognition recognize(Path audioFile, double maxSeconds) throws IOException {
        try (AudioStream stream = pipeline.open(audioFile)) {
            return recognize(stream, audioFile, maxSeconds);
        }
    }

    /** {@link #recognize(AudioStream, Path, double)} without a length limit. */
    public Recognition recognize(AudioStream stream, Path source) throws IOException {
        return recognize(stream, source, Double.POSITIVE_INFINITY);
    }

    /**
     * Recognizes a stream at the model's rate, window by window ({@link #scoreWindows}). Reading stops, with an
     * {@link AudioTooLongException}, as soon as the stream's declared length or the audio read exceeds
     * {@code maxSeconds}, and with an {@link InterruptedIOException} soon after the thread is interrupted.
     *
     * @param source names the source in errors
     */
    public Recognition recognize(AudioStream stream, Path source, double maxSeconds) throws IOException {
        Recognition r = decide(scoreWindows(stream, source, maxSeconds, true, Passes.STREAM));
        List<String> read = stream.warnings();
        if (read.isEmpty()) {
            return r;
        }
        List<String> all = new ArrayList<>(read);
        all.addAll(r.warnings());
        return r.withWarnings(all);
    }

    /**
     * @throws IllegalArgumentException for a sample rate or channel count the decoders would refuse, a NaN or
     *                                  infinite sample, or no audio at all
     */
    @Override
    public Recognition recognize(float[][] audio, int sampleRate) {
        String problem = AudioLimits.headerProblem(sampleRate, audio.length);
        if (problem == null && audio.length > 0) {
            problem = audio[0].length == 0 ? "no audio frames" : AudioLimits.nonFinite(audio, 0, audio[0].length, 0);
        }
        if (problem != null) {
            throw new IllegalArgumentException("audio in memory: " + problem);
        }
        AudioClip clip = pipeline.toRate(new AudioClip(audio, sampleRate));
        try {
            return decide(scoreWindows(clip.stream(), IN_MEMORY, Double.POSITIVE_INFINITY, true, Passes.WHOLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Window logits of a clip already at the model's rate, with {@code null} for the windows below the energy floor
     * that {@link #recognize} leaves out too, so that evaluation scores exactly what prediction decides on.
     *
     * @param name names the clip in errors
     */
    public WindowLogits windowLogits(AudioClip clip, String name) throws IOException {
        return scoreWindows(clip.stream(), Path.of(name), Double.POSITIVE_INFINITY, true, Passes.WHOLE);
    }

    /**
     * A recording's windows with their logits.
     *
     * @param windows where each window lies
     * @param logits  {@code (windows, classes)}; {@code null} for a window below the energy floor when silent
     *                windows are skipped
     * @param frames  the recording's length
     */
    public record WindowLogits(List<Window> windows, float[][] logits, long frames) {

        /** The logits of the windows above the energy floor, in order; empty for a silent recording. */
        public float[][] sounding() {
            return java.util.Arrays.stream(logits).filter(java.util.Objects::nonNull).toArray(float[][]::new);
        }
    }

    /**
     * The one window loop: reads a stream at the model's rate and computes each window's features as soon as its
     * audio has been read, so memory stays at about two windows of audio and a pass of features whatever the
     * length; the rest (an end-aligned last window, the study's tail, a clip shorter than a window) once the length
     * is known, from the last window of audio kept. The windows are those {@link Windowing#cut} gives for the
     * recording's length.
     *
     * @param skipSilence leave windows below {@link #SILENCE_FLOOR_DBFS} unscored ({@code null} logits)
     * @param passes      how windows are grouped into forward passes
     */
    private WindowLogits scoreWindows(AudioStream stream, Path source, double maxSeconds, boolean skipSilence,
                                      Passes passes) throws IOException {
        int rate = pipeline.settings().sampleRate();
        if (stream.sampleRate() != rate) {
            throw new IllegalArgumentException(source + ": stream at " + stream.sampleRate() + " Hz, the model needs "
                    + rate + " Hz");
        }
        long maxFrames = maxSeconds * rate >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE - 1 : (long) (maxSeconds * rate);
        long declared = stream.declaredFrames();
        if (declared > maxFrames) {
            throw new AudioTooLongException(source, maxSeconds, "its header says "
                    + AudioTooLongException.seconds(roundTime(declared / (double) rate)) + " s");
        }
        int w = windowing.windowFrames();
        int channels = stream.channels();
        float[][] buf = new float[channels][2 * w];
        long bufStart = 0;
        int bufLen = 0;
        long read = 0;
        int next = 0;
        Map<Long, float[]> scored = new LinkedHashMap<>();
        Set<Long> silent = new HashSet<>();
        List<Long> batchStarts = new ArrayList<>();
        List<float[][][]> batch = new ArrayList<>();
        while (true) {
            checkInterrupted(source);
            for (long s = windowing.startOf(next); s + w <= read; s = windowing.startOf(++next)) {
                int from = (int) (s - bufStart);
                if (skipSilence && isSilent(buf, from, w)) {
                    silent.add(s);
                    continue;
                }
                batchStarts.add(s);
                batch.add(pipeline.window(buf, from, w));
                if (batch.size() == passes.windows) {
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
            // Never more than one frame past the limit, so a long recording costs the limit's worth of work.
            int want = (int) Math.min(buf[0].length - bufLen, maxFrames + 1 - read);
            int n = stream.read(buf, bufLen, want);
            if (n < 0) {
                break;
            }
            bufLen += n;
            read += n;
            if (read > maxFrames) {
                throw new AudioTooLongException(source, maxSeconds, "stopped reading there");
            }
        }
        if (read == 0) {
            throw new AudioFormatException(source, "no audio frames");
        }
        if (passes == Passes.STREAM) {
            score(batchStarts, batch, scored);
        }
        List<Window> windows = windowing.cut(read);
        for (Window win : windows) {
            long start = win.start();
            boolean regular = win.frames() == w
                    && (scored.containsKey(start) || silent.contains(start) || batchStarts.contains(start));
            if (regular) {
                continue;
            }
            int from = (int) (start - bufStart);
            int available = (int) Math.min(win.frames(), bufLen - from);
            if (skipSilence && isSilent(buf, from, available)) {
                continue;
            }
            batchStarts.add(start);
            batch.add(pipeline.window(buf, from, available));
            if (passes == Passes.STREAM || batch.size() == passes.windows) {
                score(batchStarts, batch, scored);
            }
        }
        score(batchStarts, batch, scored);
        float[][] logits = new float[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            logits[i] = scored.get((long) windows.get(i).start());
        }
        return new WindowLogits(windows, logits, read);
    }

    private static void checkInterrupted(Path source) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(source + ": recognition cancelled");
        }
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
     * The RMS level in dB relative to full scale of {@code length} frames from {@code from}, over all channels,
     * each channel's mean removed first; {@code -Infinity} for silence.
     */
    static double levelDbfs(float[][] audio, int from, int length) {
        if (length <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double energy = 0;
        for (float[] ch : audio) {
            double mean = 0;
            for (int i = from; i < from + length; i++) {
                mean += ch[i];
            }
            mean /= length;
            for (int i = from; i < from + length; i++) {
                double d = ch[i] - mean;
                energy += d * d;
            }
        }
        double rms = Math.sqrt(energy / ((double) length * audio.length));
        return 20 * Math.log10(rms);
    }

    private static boolean isSilent(float[][] audio, int from, int length) {
        return !(levelDbfs(audio, from, length) >= SILENCE_FLOOR_DBFS);
    }

    private Recognition decide(WindowLogits scored) {
        int rate = pipeline.settings().sampleRate();
        return decide(scored.windows(), scored.logits(), rate, scored.frames() / (double) rate);
    }

    /**
     * The clip's answer from its windows' logits, {@code null} for a silent window: the rule decides on the
     * sounding windows, and each class's score is its mean sigmoid over them.
     */
    private Recognition decide(List<Window> windows, float[][] logits, int rate, double seconds) {
        List<float[]> sounding = new ArrayList<>();
        for (float[] l : logits) {
            if (l != null) {
                sounding.add(l);
            }
        }
        int k = classes.size();
        double[] mean = new double[k];
        double[] statistic = new double[k];
        boolean[] selected = new boolean[k];
        if (!sounding.isEmpty()) {
            float[][] heard = sounding.toArray(float[][]::new);
            Decision d = rule.decide(heard);
            for (float[] l : heard) {
                for (int c = 0; c < k; c++) {
                    mean[c] += DecisionRule.sigmoid(l[c]) / heard.length;
                }
            }
            statistic = d.scores();
            selected = d.selected();
        }
        List<InstrumentScore> found = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> ruleScores = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            scores.put(classes.get(c), round(mean[c]));
            ruleScores.put(classes.get(c), round(statistic[c]));
            if (selected[c]) {
                found.add(new InstrumentScore(classes.get(c), nameOf(classes.get(c)), round(mean[c]),
                        round(statistic[c])));
            }
        }
        found.sort(Comparator.comparingDouble(InstrumentScore::score).reversed());
        List<TimelineWindow> timeline = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<String, Double> ws = new LinkedHashMap<>();
            for (int c = 0; c < k; c++) {
                ws.put(classes.get(c), logits[i] == null ? 0.0 : round(DecisionRule.sigmoid(logits[i][c])));
            }
            timeline.add(new TimelineWindow(roundTime(w.startSeconds(rate)), roundTime(w.endSeconds(rate)),
                    logits[i] == null, ws));
        }
        return new Recognition(found, scores, ruleScores, timeline, roundTime(seconds), rule.spec(), identity,
                warnings(seconds, rate, sounding.isEmpty()));
    }

    private List<String> warnings(double seconds, int rate, boolean allSilent) {
        List<String> warnings = new ArrayList<>();
        double window = windowing.windowFrames() / (double) rate;
        if (seconds < window) {
            warnings.add(String.format(Locale.ROOT, "the recording is %.3f s long, shorter than the model's %.2f-s "
                    + "analysis window: it was padded with silence, so the answer is less reliable", seconds, window));
        }
        if (allSilent) {
            warnings.add(String.format(Locale.ROOT, "no window is above the energy floor of %.0f dBFS: the recording "
                    + "is silence or near-silence, so no instrument is reported", SILENCE_FLOOR_DBFS));
        }
        return List.copyOf(warnings);
    }

    static String nameOf(String code) {
        return Instrument.fromCode(code).map(Instrument::displayName).orElse(code);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** Seconds to the millisecond: window starts fall between samples (6.7499… s prints as 6.75). */
    static double roundTime(double seconds) {
        return Math.round(seconds * 1e3) / 1e3;
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
