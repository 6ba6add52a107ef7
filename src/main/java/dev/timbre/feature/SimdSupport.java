package dev.timbre.feature;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the SIMD feature kernels may run: the {@code jdk.incubator.vector} module is in the boot layer (it is
 * only when the JVM is started with {@code --add-modules jdk.incubator.vector}), {@code -Dtimbre.simd=false} was
 * not given, and the preferred vector holds at least four floats; otherwise the Vector API would run as plain
 * Java objects, far slower than the scalar path.
 */
final class SimdSupport {

    private static final boolean ENABLED = probe();

    private SimdSupport() {
    }

    static boolean enabled() {
        return ENABLED;
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getProperty("timbre.simd"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return LaneMelStft.lanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static final AtomicBoolean WARMING = new AtomicBoolean();

    /**
     * Starts, once per JVM, a background thread that runs the SIMD kernels on a synthetic 3-s window a few times.
     * Until the JIT has compiled them, Vector API code runs as ordinary objects, and the first window a process
     * computes took 0.75-1 s instead of 4-10 ms; started when the first STFT is built, this work overlaps the
     * loading of the model instead of delaying the first file. The kernels' results do not depend on whether
     * they are compiled (plain IEEE arithmetic, see {@link LaneDecibels}), so the warm-up changes no feature.
     */
    static void warmUp(int nFft, int hop, float[] window) {
        if (!ENABLED || !WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            LaneMelStft stft = new LaneMelStft(nFft, hop, window);
            MelFilterbank fb = MelFilterbank.slaney(44_100, nFft, 64, 0, 22_050);
            float[] y = new float[132_299];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) Math.sin(i * 0.0627) * 0.5f;
            }
            for (int round = 0; round < WARM_UP_WINDOWS; round++) {
                float[][] mel = stft.melPower(y, fb);
                LaneDecibels.powerToDbInPlace(new float[][][]{mel}, 1e-10, 80);
            }
        }, "timbre-simd-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Windows the warm-up computes. The JIT has queued its compilations by the second window; tagging one 14-s
     * file with 2, 3 or 6 warm-up windows measured within this host's run-to-run noise (2.7-3.9 s), so the
     * warm-up stays short and takes little of the CPU that start-up needs.
     */
    private static final int WARM_UP_WINDOWS = 3;
}
