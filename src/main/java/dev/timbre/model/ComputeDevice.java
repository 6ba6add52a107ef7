package dev.timbre.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where networks run: {@code auto} (a GPU when the PyTorch build and the machine have one, else the CPU),
 * {@code cpu} or {@code gpu}. The CLI's {@code --device} is one of these, handed to whatever makes a model.
 */
public enum ComputeDevice {
    AUTO, CPU, GPU;

    /**
     * The device for new models and their arrays; the engine is only asked now. Every model timbre makes asks
     * here first, so this is also where the C heap is tuned for tensor-sized allocations ({@link NativeAllocator}).
     *
     * @throws IllegalStateException for {@code gpu} when PyTorch sees none
     */
    public Device device() {
        NativeAllocator.tune();
        return switch (this) {
            case AUTO -> Engine.getInstance().defaultDevice();
            case CPU -> Device.cpu();
            case GPU -> {
                int gpus = Engine.getInstance().getGpuCount();
                if (gpus == 0) {
                    throw new IllegalStateException("--device gpu: PyTorch sees no GPU; on a machine with an NVIDIA "
                            + "GPU build the CUDA variant (./mvnw -Dcuda package, see README)");
                }
                yield Device.gpu();
            }
        };
    }

    /**
     * Caps the threads PyTorch's CPU kernels use inside one forward pass (its intra-op pool, process-wide). By
     * default PyTorch takes one per core, which oversubscribes the machine when several callers (a Spark
     * executor's tasks) run networks at once; each caller then gets {@code threads}.
     */
    public static void limitCpuThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("CPU threads per network call must be at least 1, got " + threads);
        }
        // Read when the engine starts (and logged then); the call below covers an engine that has already started.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }
}
