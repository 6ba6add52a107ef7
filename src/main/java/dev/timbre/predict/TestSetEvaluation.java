package dev.timbre.predict;

import dev.timbre.audio.AudioClip;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.dataset.Instrument;
import dev.timbre.dataset.LabelledAudio;
import dev.timbre.dataset.TestingClip;
import dev.timbre.eval.ClipEvaluation;
import dev.timbre.eval.ClipLogits;
import dev.timbre.eval.DecisionRule;
import dev.timbre.eval.EvaluationReport;
import dev.timbre.feature.FeaturePipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Scores a bundle on labelled clips (the testing clips of an IRMAS-format root, a folder of labelled recordings,
 * or mixtures made in memory): each clip cut into windows, the window logits turned into clip decisions by every
 * rule, multi-label metrics computed per rule over all clips, and top-1 metrics over the clips with one
 * instrument. Decoding and features
 * run on a worker pool ahead of the network, which keeps both cores busy.
 */
public final class TestSetEvaluation {

    /** Scores plus the raw logits they came from. */
    public record Outcome(EvaluationReport report, ClipLogits logits) {
    }

    private TestSetEvaluation() {
    }

    /**
     * Something to score: a name (a file's path), its true instruments and how to get its audio.
     *
     * @param name   names the clip in results and errors
     * @param labels its instruments (at least one)
     * @param audio  decodes or renders it at the pipeline's rate
     */
    public record Item(String name, Set<Instrument> labels, AudioSource audio) {

        /** A labelled file, decoded through the bundle's feature pipeline. */
        public static Item of(TestingClip clip) {
            return new Item(clip.file().toString(), clip.labels(), p -> p.load(clip.file()));
        }
    }

    /** Audio of an item at the pipeline's rate. */
    @FunctionalInterface
    public interface AudioSource {
        AudioClip load(FeaturePipeline pipeline) throws IOException;
    }

    /**
     * Scores the labelled clips under {@code data}: the testing clips of an IRMAS-format root, or the labelled
     * files of a plain folder (see {@link LabelledAudio}).
     */
    public static Outcome run(ModelBundle bundle, Path data, Windowing windowing, List<DecisionRule> rules,
                              IntConsumer progress) throws IOException {
        List<TestingClip> clips = labelled(data);
        return run(bundle, clips.stream().map(Item::of).toList(), data.toString(), windowing, rules, progress);
    }

    /** The clips {@link #run(ModelBundle, Path, Windowing, List, IntConsumer)} scores. */
    public static List<TestingClip> labelled(Path data) throws IOException {
        List<TestingClip> clips = LabelledAudio.scan(data, false).clips();
        if (clips.isEmpty()) {
            throw new IOException(data + ": no labelled clips (IRMAS testing parts with .wav and .txt files, or "
                    + "audio files in folders named by instrument code, e.g. " + data.resolve("cel") + ")");
        }
        return clips;
    }

    /**
     * Scores {@code items}; the first rule decides what counts as reported for the single-label hit rate.
     *
     * @param dataName names the data in the report
     */
    public static Outcome run(ModelBundle bundle, List<Item> items, String dataName, Windowing windowing,
                              List<DecisionRule> rules, IntConsumer progress) throws IOException {
        if (items.isEmpty()) {
            throw new IOException(dataName + ": nothing to score");
        }
        FeaturePipeline pipeline = new FeaturePipeline(bundle.manifest().features(), null);
        List<String> classes = bundle.manifest().classes();
        List<String> failures = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        List<float[][]> logits = new ArrayList<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "timbre-eval");
            t.setDaemon(true);
            return t;
        });
        try (InstrumentRecognizer recognizer = InstrumentRecognizer.of(bundle, windowing, rules.get(0))) {
            Deque<Future<Object>> ahead = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < items.size(); i++) {
                while (next < items.size() && ahead.size() < threads * 2) {
                    Item c = items.get(next++);
                    ahead.add(pool.submit(() -> {
                        try {
                            return c.audio().load(pipeline);
                        } catch (IOException | RuntimeException e) {
                            return e;
                        }
                    }));
                }
                Item item = items.get(i);
                Object loaded = ahead.poll().get();
                InstrumentRecognizer.WindowLogits wl = null;
                if (loaded instanceof AudioClip clip) {
                    try {
                        wl = recognizer.windowLogits(clip, item.name());
                    } catch (IOException e) {
                        loaded = e;
                    }
                }
                if (loaded instanceof Exception e) {
                    failures.add(e.getMessage() == null ? item.name() + ": " + e : e.getMessage());
                } else {
                    files.add(item.name());
                    boolean[] t = new boolean[classes.size()];
                    for (Instrument in : item.labels()) {
                        t[classes.indexOf(in.code())] = true;
                    }
                    truth.add(t);
                    logits.add(wl.logits());
                }
                progress.accept(i + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("evaluation interrupted");
        } catch (ExecutionException e) {
            throw new IOException("evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (files.isEmpty()) {
            throw new IOException(dataName + ": no clip could be scored (" + failures.get(0) + ")");
        }
        ClipLogits cl = new ClipLogits(files, truth.toArray(boolean[][]::new), logits);
        ClipEvaluation.Context context = new ClipEvaluation.Context(bundle.manifest().name(), bundle.location(),
                dataName, windowing.describe(),
                classes);
        return new Outcome(ClipEvaluation.report(context, cl, rules, failures), cl);
    }
}
