package dev.timbre.predict;

import dev.timbre.bundle.BundleManifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts recordings of any length into fixed-length model inputs.
 *
 * @param windowFrames samples per window (study: 132,299, IRMAS's 3 s at 44.1 kHz)
 * @param overlap      share of a window shared with the next (study: 0.25)
 * @param policy       {@link WindowPolicy#COVER} (default) or {@link WindowPolicy#STUDY}
 */
public record Windowing(int windowFrames, double overlap, WindowPolicy policy) {

    /** The study's share of a window that consecutive windows share. */
    public static final double STUDY_OVERLAP = 0.25;

    public Windowing {
        if (windowFrames <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + windowFrames);
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1), got " + overlap);
        }
        if (policy == null) {
            throw new IllegalArgumentException("windowing policy required");
        }
    }

    /** The study's test-time windowing: 3-s windows, 25% overlap, its own cutter. */
    public static Windowing study(int windowFrames) {
        return new Windowing(windowFrames, STUDY_OVERLAP, WindowPolicy.STUDY);
    }

    /** 3-s windows, 25% overlap, covering the whole clip. */
    public static Windowing cover(int windowFrames) {
        return new Windowing(windowFrames, STUDY_OVERLAP, WindowPolicy.COVER);
    }

    /** The windowing a bundle records. */
    public static Windowing of(BundleManifest.Windowing recorded) {
        return new Windowing(recorded.windowFrames(), recorded.overlap(), WindowPolicy.parse(recorded.policy()));
    }

    /** The same windows cut by another policy. */
    public Windowing withPolicy(WindowPolicy other) {
        return new Windowing(windowFrames, overlap, other);
    }

    /** As a bundle records it. */
    public BundleManifest.Windowing recorded() {
        return new BundleManifest.Windowing(windowFrames, overlap, policy.cliName());
    }

    /** For reports: e.g. {@code cover 132299/0.25}. */
    public String describe() {
        return policy.cliName() + " " + windowFrames + "/" + overlap;
    }

    /**
     * Start of the {@code i}-th regular window: {@code int(i * (1 - overlap) * W)}, the study's rounding. The
     * windows {@link #cut} returns begin with the regular windows that end inside the recording, in this order.
     */
    public long startOf(int i) {
        return (int) (i * (1 - overlap) * windowFrames);
    }

    /**
     * @param length samples in the recording (≥ 1)
     * @return the windows in time order; never empty
     */
    public List<Window> cut(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("cannot cut a recording of " + length + " samples");
        }
        List<Window> out = new ArrayList<>();
        int w = windowFrames;
        if (length <= w) {
            out.add(new Window(0, (int) length));
            return out;
        }
        if (policy == WindowPolicy.STUDY) {
            long parts = (long) Math.floor((length + overlap * w) / w);
            for (int i = 0; i < parts; i++) {
                out.add(new Window((int) startOf(i), w));
            }
            return out;
        }
        for (int i = 0; ; i++) {
            long s = startOf(i);
            if (s + w > length) {
                break;
            }
            out.add(new Window((int) s, w));
        }
        Window last = out.get(out.size() - 1);
        if (last.start() + w < length) {
            out.add(new Window((int) (length - w), w));
        }
        return out;
    }
}
