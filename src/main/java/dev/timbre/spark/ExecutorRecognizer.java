package dev.timbre.spark;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.BundledModel;
import dev.timbre.predict.InstrumentRecognizer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link InstrumentRecognizer} per executor JVM and model, loaded by the first task that needs it and shared by
 * every task after it (a recognizer is safe for concurrent callers). It lives as long as the executor.
 */
final class ExecutorRecognizer {

    private static final Map<String, InstrumentRecognizer> LOADED = new HashMap<>();
    private static int threadsApplied;

    private ExecutorRecognizer() {
    }

    /**
     * @param torchThreads PyTorch's intra-op threads for this JVM, so that the executor's concurrent tasks together
     *                     use about as many threads as it has cores
     */
    static synchronized InstrumentRecognizer get(ShippedModel model, int torchThreads) throws IOException {
        if (threadsApplied != torchThreads) {
            // The networks must never reach out for native libraries at run time: the job jar carries them.
            System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
            ComputeDevice.limitCpuThreads(torchThreads);
            threadsApplied = torchThreads;
        }
        String key = model.archive() == null ? "" : model.archive();
        InstrumentRecognizer r = LOADED.get(key);
        if (r == null) {
            ModelBundle bundle = model.archive() == null ? BundledModel.read()
                    : ModelBundle.read(model.localDirectory());
            r = InstrumentRecognizer.of(bundle);
            LOADED.put(key, r);
        }
        return r;
    }
}
