package dev.timbre.feature;

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
}
