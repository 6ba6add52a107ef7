package dev.timbre.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A train / validation split of training clips: disjoint, seeded, stratified by instrument and grouped by
 * source recording, so excerpts of one recording never sit on both sides (the study validated on every 10th
 * training file while also training on it; that leak is not reproduced).
 *
 * @param train      clips to train on, in the input order
 * @param validation clips held out, in the input order
 */
public record Split(List<TrainingClip> train, List<TrainingClip> validation) {

    /**
     * @param clips    the training clips
     * @param fraction share of each instrument's clips to hold out (whole recordings are moved, so the share is
     *                 approximate); an instrument with a single recording stays entirely in training
     * @param seed     decides which recordings are held out
     */
    public static Split grouped(List<TrainingClip> clips, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
        Map<Instrument, Map<String, List<TrainingClip>>> byClass = new EnumMap<>(Instrument.class);
        for (TrainingClip c : clips) {
            byClass.computeIfAbsent(c.instrument(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.recording(), k -> new ArrayList<>()).add(c);
        }
        Random rng = new Random(seed);
        java.util.Set<TrainingClip> held = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<Instrument, Map<String, List<TrainingClip>>> e : byClass.entrySet()) {
            List<String> recordings = new ArrayList<>(e.getValue().keySet());
            recordings.sort(Comparator.naturalOrder());
            Collections.shuffle(recordings, rng);
            int total = e.getValue().values().stream().mapToInt(List::size).sum();
            double target = fraction * total;
            int taken = 0;
            for (int i = 0; i < recordings.size() - 1 && taken < target; i++) {
                List<TrainingClip> rec = e.getValue().get(recordings.get(i));
                // Take a recording when it brings the held-out count closer to the target.
                if (taken == 0 || Math.abs(taken + rec.size() - target) <= Math.abs(taken - target)) {
                    held.addAll(rec);
                    taken += rec.size();
                }
            }
        }
        List<TrainingClip> train = new ArrayList<>();
        List<TrainingClip> val = new ArrayList<>();
        for (TrainingClip c : clips) {
            (held.contains(c) ? val : train).add(c);
        }
        return new Split(List.copyOf(train), List.copyOf(val));
    }
}
