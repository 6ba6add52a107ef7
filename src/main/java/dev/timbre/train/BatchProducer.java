package dev.timbre.train;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Assembles one epoch of shuffled, optionally mixed training batches on a background thread so that reading
 * features and mixing overlap the network's compute; a bounded queue keeps memory flat.
 *
 * <p>The order and the augmentation depend only on (seed, epoch), never on timing, so an interrupted run
 * that resumes at an epoch sees exactly the batches an uninterrupted run would have seen.
 */
public final class BatchProducer implements AutoCloseable {

    private static final TrainBatch END = new TrainBatch(new float[0], new float[0], 0);

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final int batches;
    private int taken;

    /**
     * @param examples  the training examples
     * @param classes   number of classes (target width)
     * @param settings  batch size, seed and mixing options
     * @param mixer     power-domain mixer matching the feature settings
     * @param augmenter per-example augmentation (equaliser, time shift) after mixing
     * @param epoch     epoch number (0-based), part of the random seed
     * @param prefetch  batches assembled ahead (≥ 1)
     */
    public BatchProducer(ExampleSet examples, int classes, TrainSettings settings, Mixer mixer,
                         Augmenter augmenter, int epoch, int prefetch) {
        int n = examples.size();
        this.batches = batchesPerEpoch(n, settings.batchSize());
        this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
        Random rng = new Random(settings.seed() * 1_000_003L + epoch);
        int[] order = shuffled(n, rng);
        List<int[]> byClass = indexByClass(examples, classes);
        this.thread = new Thread(() -> produce(examples, classes, settings, mixer, augmenter, rng, order, byClass),
                "timbre-batches-" + epoch);
        thread.setDaemon(true);
        thread.start();
    }

    /** Batches an epoch over {@code examples} yields. */
    public static int batchesPerEpoch(int examples, int batchSize) {
        // A single-example tail batch cannot be batch-normalised in training mode: it is dropped.
        return examples / batchSize + (examples % batchSize >= 2 ? 1 : 0);
    }

    /** Batches this epoch will yield. */
    public int batches() {
        return batches;
    }

    public boolean hasNext() {
        return taken < batches;
    }

    /** Blocks until the next batch is ready. */
    public TrainBatch next() throws InterruptedException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object o = queue.take();
        if (o instanceof Throwable t) {
            throw new IllegalStateException("assembling a training batch failed: " + t.getMessage(), t);
        }
        taken++;
        return (TrainBatch) o;
    }

    private void produce(ExampleSet ex, int classes, TrainSettings s, Mixer mixer, Augmenter augmenter, Random rng,
                         int[] order, List<int[]> byClass) {
        try {
            int len = ex.exampleLength();
            int bs = s.batchSize();
            float[][] sources = new float[s.maxMixSources()][len];
            double[] gains = new double[s.maxMixSources()];
            for (int b = 0; b < batches; b++) {
                int size = Math.min(bs, order.length - b * bs);
                float[] x = new float[size * len];
                float[] y = new float[size * classes];
                for (int i = 0; i < size; i++) {
                    int idx = order[b * bs + i];
                    int label = ex.label(idx);
                    if (rng.nextDouble() < s.mixProbability()) {
                        int wanted = 2 + (s.maxMixSources() > 2 && rng.nextBoolean() ? 1 : 0);
                        int[] picked = pickOtherClasses(label, wanted, byClass, rng);
                        int k = picked.length;
                        ex.copyFeatures(idx, sources[0], 0);
                        y[i * classes + label] = 1f;
                        gains[0] = 1.0;
                        for (int j = 1; j < k; j++) {
                            ex.copyFeatures(picked[j], sources[j], 0);
                            y[i * classes + ex.label(picked[j])] = 1f;
                            gains[j] = Math.pow(10, (rng.nextDouble() * 2 - 1) * s.mixGainDb() / 10);
                        }
                        mixer.mix(java.util.Arrays.copyOf(sources, k), java.util.Arrays.copyOf(gains, k), x,
                                i * len);
                    } else {
                        ex.copyFeatures(idx, x, i * len);
                        y[i * classes + label] = 1f;
                    }
                    if (augmenter.active()) {
                        augmenter.apply(x, i * len, rng);
                    }
                }
                queue.put(new TrainBatch(x, y, size));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            queue.clear();
            queue.offer(t);
        }
    }

    /**
     * Picks up to {@code k - 1} examples of distinct classes other than {@code label} (fewer when fewer classes
     * exist); slot 0 is left for the anchor, so a result of length 1 means no mixture is possible.
     */
    private static int[] pickOtherClasses(int label, int k, List<int[]> byClass, Random rng) {
        List<Integer> candidates = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            if (c != label && byClass.get(c).length > 0) {
                candidates.add(c);
            }
        }
        int[] picked = new int[Math.min(k, 1 + candidates.size())];
        for (int j = 1; j < picked.length; j++) {
            int c = candidates.remove(rng.nextInt(candidates.size()));
            int[] members = byClass.get(c);
            picked[j] = members[rng.nextInt(members.length)];
        }
        return picked;
    }

    private static List<int[]> indexByClass(ExampleSet ex, int classes) {
        List<List<Integer>> tmp = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            tmp.add(new ArrayList<>());
        }
        for (int i = 0; i < ex.size(); i++) {
            tmp.get(ex.label(i)).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : tmp) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static int[] shuffled(int n, Random rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    @Override
    public void close() {
        thread.interrupt();
        queue.clear();
    }
}
