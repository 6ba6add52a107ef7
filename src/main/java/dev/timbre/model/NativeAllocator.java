package dev.timbre.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the C heap from handing PyTorch's large CPU tensors back to the kernel after every use.
 *
 * <p>glibc serves each allocation above its mmap threshold (128 KiB to 32 MiB, adjusted as it goes) with a fresh
 * {@code mmap} and returns it with {@code munmap} when freed, and it trims the top of the heap when more than
 * the trim threshold is free there. A training step of the study's CNN allocates and frees activations of up to
 * 59 MB (64 x 16 x 112 x 128 floats), so every step faulted in and zeroed hundreds of megabytes of new pages.
 * {@code ./timbre bench train --hidden 16} counted 4.0 million minor page faults at 55 training and 174 inference
 * clips/s with glibc's defaults, and 0.66 to 0.72 million at 100 to 115 and 457 to 551 with the settings made
 * here (three runs).
 *
 * <p>Raising them here, through {@code mallopt}, reaches every way timbre runs: the CLI, the service and code
 * that embeds the Java API. The cost is that freed tensor memory stays with the process (up to
 * {@link #THRESHOLD_BYTES} at the heap's top) instead of going back to the kernel between steps. Nothing is
 * changed when the user set either environment variable, when {@code -Dtimbre.mallopt=false} is given, or where
 * the C library has no {@code mallopt} (macOS, Windows, musl).
 */
public final class NativeAllocator {

    /** Allocations below this come from the heap; at most this much free heap top is kept. */
    public static final int THRESHOLD_BYTES = 1 << 30;

    /**
     * Extra heap obtained with each growth. Above glibc's 64 MiB per-thread heap it also keeps an emptied
     * thread heap from being unmapped (glibc deletes one only when less than this pad would remain), which
     * matters because timbre's networks run on worker threads, whose arenas grow in such heaps.
     */
    public static final int TOP_PAD_BYTES = 128 << 20;

    /** glibc's {@code M_TRIM_THRESHOLD}. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_TOP_PAD}. */
    private static final int M_TOP_PAD = -2;
    /** glibc's {@code M_MMAP_THRESHOLD}. */
    private static final int M_MMAP_THRESHOLD = -3;

    private static final AtomicReference<String> OUTCOME = new AtomicReference<>();

    private NativeAllocator() {
    }

    private interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    /**
     * Raises glibc's mmap and trim thresholds and its top pad once per process (later calls return the first
     * outcome).
     *
     * @return what was done, in words, or why nothing was
     */
    public static String tune() {
        String done = OUTCOME.get();
        if (done != null) {
            return done;
        }
        String outcome = apply();
        return OUTCOME.compareAndSet(null, outcome) ? outcome : OUTCOME.get();
    }

    /** A change of the C heap's settings, undone when closed. */
    public interface Change extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until the returned change is closed, serves allocations of at least {@code bytes} by fresh mappings, which go
     * back to the system when freed, instead of from the heap, where the long-lived arrays among them (the block
     * inputs a recomputing training step keeps) pin freed memory around them. For a training run that chose memory
     * over speed; nothing changes where {@link #tune} changed nothing.
     */
    public static Change mapLargeArrays(int bytes) {
        if (!tune().startsWith("mmap and trim thresholds")) {
            return () -> { };
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            if (c.mallopt(M_MMAP_THRESHOLD, bytes) != 1) {
                return () -> { };
            }
            return () -> c.mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES);
        } catch (LinkageError e) {
            return () -> { };
        }
    }

    private static String apply() {
        if ("false".equalsIgnoreCase(System.getProperty("timbre.mallopt"))) {
            return "left alone (-Dtimbre.mallopt=false)";
        }
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null || System.getenv("MALLOC_TRIM_THRESHOLD_") != null) {
            return "left alone (MALLOC_*_THRESHOLD_ set in the environment)";
        }
        if (!Platform.isLinux()) {
            return "left alone (not Linux)";
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            // mallopt returns 1 on success; glibc refuses nothing in this range, other C libraries may lack it.
            boolean mmap = c.mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES) == 1;
            boolean trim = c.mallopt(M_TRIM_THRESHOLD, THRESHOLD_BYTES) == 1;
            boolean pad = c.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
            return mmap && trim && pad
                    ? "mmap and trim thresholds " + THRESHOLD_BYTES + " bytes, top pad " + TOP_PAD_BYTES + " bytes"
                    : "mallopt refused (mmap " + mmap + ", trim " + trim + ", pad " + pad + ")";
        } catch (LinkageError e) { // no JNA dispatch library, or no mallopt in this C library
            return "left alone (no mallopt: " + e.getMessage() + ")";
        }
    }
}
