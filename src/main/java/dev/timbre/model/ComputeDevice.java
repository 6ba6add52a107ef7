package dev.timbre.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Where networks run: {@code auto} (a GPU when the PyTorch build and the machine have one, else the CPU),
 * {@code cpu} or {@code gpu}. The choice is process-wide (the system property {@value #PROPERTY}, which the CLI's
 * {@code --device} sets), so training, evaluation, prediction and the service agree.
 */
public final class ComputeDevice {

    public static final String PROPERTY = "timbre.device";

    private ComputeDevice() {
    }

    /** Records a choice for this process; the engine is only asked when a model is made. */
    public static void choose(String choice) {
        String c = choice.toLowerCase(Locale.ROOT);
        if (!c.equals("auto") && !c.equals("cpu") && !c.equals("gpu")) {
            throw new IllegalArgumentException("--device must be auto, cpu or gpu, got '" + choice + "'");
        }
        System.setProperty(PROPERTY, c);
    }

    /**
     * The device for new models and their arrays. Every model timbre makes asks here first, so this is also
     * where the C heap is tuned for tensor-sized allocations ({@link NativeAllocator}).
     */
    public static Device selected() {
        NativeAllocator.tune();
        return parse(System.getProperty(PROPERTY, "auto"));
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

    private static Device parse(String choice) {
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto" -> Engine.getInstance().defaultDevice();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                int gpus = Engine.getInstance().getGpuCount();
                if (gpus == 0) {
                    throw new IllegalStateException("--device gpu: PyTorch sees no GPU; on a machine with an NVIDIA "
                            + "GPU build the CUDA variant (./mvnw -Dcuda package, see README)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, got '" + choice + "'");
        };
    }
}
