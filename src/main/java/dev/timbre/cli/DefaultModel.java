package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.predict.BundledModel;
import dev.timbre.model.ComputeDevice;
import dev.timbre.predict.InstrumentRecognizer;

import java.io.IOException;
import java.nio.file.Path;

/** The model a command uses: the one given, else the default bundled in the jar. */
final class DefaultModel {

    private DefaultModel() {
    }

    static ModelBundle bundle(Path dir) throws IOException {
        if (dir != null) {
            return ModelBundle.read(dir);
        }
        if (!BundledModel.present()) {
            throw new IOException("no --model given and this build has no bundled default model "
                    + "(train one with `timbre demo` or `timbre train` and pass --model RUN_DIR)");
        }
        return BundledModel.read();
    }

    static InstrumentRecognizer recognizer(Path dir, ComputeDevice device) throws IOException {
        return InstrumentRecognizer.of(bundle(dir), device);
    }
}
