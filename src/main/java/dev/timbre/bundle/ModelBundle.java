package dev.timbre.bundle;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained model as one self-describing unit: {@code model.json} ({@link BundleManifest}) and
 * {@code weights.params} (DJL parameters, batch-norm statistics included). Training writes it; evaluation,
 * prediction, the Java API and the HTTP service read only it. A bundle lives in a directory (a run directory)
 * or on the classpath (the default model shipped in the jar).
 */
public final class ModelBundle {

    public static final int FORMAT = 1;
    public static final String MANIFEST = "model.json";
    public static final String WEIGHTS = "weights.params";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Where a bundle's files are read from. */
    @FunctionalInterface
    interface Source {
        InputStream open(String name) throws IOException;
    }

    private final String location;
    private final Source source;
    private final BundleManifest manifest;

    private ModelBundle(String location, Source source, BundleManifest manifest) {
        this.location = location;
        this.source = source;
        this.manifest = manifest;
    }

    /** Reads a bundle directory (a run directory written by {@code timbre train}). */
    public static ModelBundle read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a model bundle directory (no such directory)");
        }
        Source source = name -> {
            try {
                return Files.newInputStream(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw new IOException(dir + ": not a complete model bundle (" + name + " is missing)");
            }
        };
        return new ModelBundle(dir.toString(), source, readManifest(dir.toString(), source));
    }

    /** Reads a bundle packaged as classpath resources under {@code prefix} (e.g. {@code /dev/timbre/default/}). */
    public static ModelBundle fromResources(String prefix) throws IOException {
        Source source = name -> {
            InputStream in = ModelBundle.class.getResourceAsStream(prefix + name);
            if (in == null) {
                throw new IOException("classpath:" + prefix + name + ": missing from the jar");
            }
            return in;
        };
        return new ModelBundle("classpath:" + prefix, source, readManifest("classpath:" + prefix, source));
    }

    private static BundleManifest readManifest(String location, Source source) throws IOException {
        BundleManifest m;
        try (InputStream in = source.open(MANIFEST)) {
            m = JSON.readValue(in, BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new IOException(location + "/" + MANIFEST + ": not a valid model manifest ("
                    + e.getOriginalMessage() + ")");
        }
        if (m.format() != FORMAT) {
            throw new IOException(location + ": bundle format " + m.format() + " is not supported (expected "
                    + FORMAT + ")");
        }
        if (m.model() == null || m.features() == null || m.classes() == null || m.windowing() == null) {
            throw new IOException(location + "/" + MANIFEST + ": incomplete manifest (model, features, classes "
                    + "and windowing are required)");
        }
        m.model().requireInputOf(m.features());
        return m;
    }

    /** Writes {@code model.json} into {@code dir} atomically (the weights are written by training). */
    public static void writeManifest(Path dir, BundleManifest manifest) throws IOException {
        byte[] json = JSON.writeValueAsBytes(manifest);
        dev.timbre.train.Checkpoint.writeAtomically(dir.resolve(MANIFEST), out -> out.write(json));
    }

    /**
     * Adds measured scores to a bundle directory's {@code model.json} (keys replace older values of the same
     * name), so the bundle carries its final metrics.
     */
    public static void addMetrics(Path dir, Map<String, Double> metrics) throws IOException {
        BundleManifest m = read(dir).manifest();
        Map<String, Double> merged = new java.util.TreeMap<>(m.metrics() == null ? Map.of() : m.metrics());
        merged.putAll(metrics);
        writeManifest(dir, new BundleManifest(m.format(), m.name(), m.createdAt(), m.model(), m.features(),
                m.classes(), m.windowing(), m.rules(), m.defaultRule(), m.training(), m.versions(), merged));
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Where it was read from, for messages. */
    public String location() {
        return location;
    }

    /**
     * A DJL model with the bundle's network and trained weights, in inference mode; the caller closes it.
     */
    public Model loadModel() throws IOException {
        Model model = Model.newInstance(manifest.name() == null ? "timbre" : manifest.name(),
                dev.timbre.model.ComputeDevice.selected());
        try {
            Block block;
            try {
                block = manifest.model().newBlock();
            } catch (IllegalStateException e) {
                throw new IOException(location + ": " + e.getMessage(), e);
            }
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, manifest.model().inputShape(1));
            try (InputStream in = new BufferedInputStream(source.open(WEIGHTS), 1 << 20)) {
                block.loadParameters(model.getNDManager(), new DataInputStream(in));
            } catch (MalformedModelException | IllegalArgumentException e) {
                throw new IOException(location + "/" + WEIGHTS + ": weights do not fit the manifest's model ("
                        + e.getMessage() + ")");
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The manifest as JSON text (for {@code timbre models} and the HTTP service). */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
