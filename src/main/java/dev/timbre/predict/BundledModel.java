package dev.timbre.predict;

import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.ModelBundle;

import java.io.IOException;

/**
 * The model bundle shipped inside timbre's jar, which commands and jobs use when they are given none.
 */
public final class BundledModel {

    /** Classpath location of the bundle's files ({@code model.json}, {@code weights.params}). */
    public static final String RESOURCE = "/dev/timbre/default-model/";

    private BundledModel() {
    }

    /** Whether this build carries one (a build without the resources has none). */
    public static boolean present() {
        return BundledModel.class.getResource(RESOURCE + RunDirectory.MANIFEST) != null;
    }

    /** The bundled model, or an {@link IOException} saying that this build has none. */
    public static ModelBundle read() throws IOException {
        if (!present()) {
            throw new IOException("this build has no bundled default model (train one with `timbre demo` or "
                    + "`timbre train` and pass its run directory)");
        }
        return ModelBundle.fromResources(RESOURCE);
    }
}
