package dev.timbre.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets a stopping process finish the engine call in progress before it exits. When the JVM exits (SIGTERM, Ctrl-C
 * through the launcher, {@code System.exit}) the C library runs PyTorch's static destructors while another thread
 * may still be inside a forward or backward pass; the pass then dies with SIGSEGV and the JVM writes a crash report
 * ({@code hs_err_pid*.log}) into the working directory. Work wrapped here holds a shared lock; a shutdown hook takes
 * the lock exclusively (waiting at most {@link #WAIT_SECONDS} seconds for the pass in progress), so the process exits
 * between passes, and no new pass starts once it is stopping.
 */
public final class NativeWork {

    /** The longest pass a stopping process waits for: a CoAtNet-0 training step at batch 32 takes about 20 s. */
    static final long WAIT_SECONDS = 60;

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);
    private static volatile boolean hooked;

    private NativeWork() {
    }

    /** Runs {@code work}, which calls into the engine, so that the process does not exit in the middle of it. */
    public static <T> T run(Supplier<T> work) {
        hook();
        LOCK.readLock().lock();
        try {
            return work.get();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    private static void hook() {
        if (hooked) {
            return;
        }
        synchronized (NativeWork.class) {
            if (hooked) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // Held until the JVM halts: a thread that asks for another pass waits instead.
                    LOCK.writeLock().tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "timbre-engine-stop"));
            hooked = true;
        }
    }
}
