package dev.timbre.bundle;

import dev.timbre.io.Json;

import dev.timbre.model.ComputeDevice;

import dev.timbre.io.AtomicFiles;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as one self-describing unit: {@code model.json} ({@link BundleManifest}) and
 * {@code weights.params} (DJL parameters, batch-norm statistics included). Training writes it; evaluation,
 * prediction, the Java API and the HTTP service read only it. A bundle lives in a directory (a run directory)
 * or on the classpath (the default model shipped in the jar).
 */
public final class ModelBundle {

    public static final int FORMAT = 1;
    private static final String MANIFEST = RunDirectory.MANIFEST;
    private static final String WEIGHTS = RunDirectory.WEIGHTS;

    private static final ObjectMapper JSON = Json.mapper();

    /** Where a bundle's files are read from. */
    @FunctionalInterface
    interface Source {
        InputStream open(String name) throws IOException;
    }

    private final String location;
    private final Source source;
    private final BundleManifest manifest;
    private volatile String computedSha256;

    private ModelBundle(String location, Source source, BundleManifest manifest) {
        this.location = location;
        this.source = source;
        this.manifest = manifest;
    }

    /**
     * Refuses to train into {@code dir} when it already holds a complete bundle, unless the caller was asked to
     * replace it: a finished model is never overwritten by accident.
     */
    public static void requireReplaceable(Path dir, boolean replace) throws IOException {
        if (!replace && Files.exists(dir.resolve(MANIFEST))) {
            throw new IOException(dir + ": already holds a complete model bundle; pass --force to train over it, "
                    + "or choose another --out");
        }
    }

    /**
     * Reads a bundle directory (a run directory written by {@code timbre train}). A directory is a bundle only once
     * training has written {@code model.json}, which it does last; its weights file must be there and, when the
     * manifest records it, of the recorded size.
     */
    public static ModelBundle read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a model bundle directory (no such directory)");
        }
        Source source = directory(dir);
        ModelBundle bundle = new ModelBundle(dir.toString(), source, readManifest(dir.toString(), source));
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(dir + ": not a complete model bundle (" + WEIGHTS + " is missing)");
        }
        BundleManifest.Weights recorded = bundle.manifest.weights();
        if (recorded != null && Files.size(weights) != recorded.bytes()) {
            throw new IOException(weights + ": " + Files.size(weights) + " bytes, but " + MANIFEST + " records "
                    + recorded.bytes() + " (replaced, truncated or damaged)");
        }
        return bundle;
    }

    /**
     * The bundle that {@code dir}'s weights and {@code manifest} make before the manifest is written, for work
     * that training does on its own weights (choosing thresholds) while the directory is not yet a bundle.
     */
    public static ModelBundle unsealed(Path dir, BundleManifest manifest) {
        return new ModelBundle(dir.toString(), directory(dir), manifest);
    }

    private static Source directory(Path dir) {
        return name -> {
            try {
                return Files.newInputStream(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw new IOException(dir + ": not a complete model bundle (" + name + " is missing)");
            }
        };
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

    /**
     * Completes a bundle directory: records the size, SHA-256 and parameter shapes of its {@code weights.params}
     * in {@code manifest} and writes {@code model.json}, atomically. Training calls it last, after everything else
     * of the bundle is on disk, so that a directory with a {@code model.json} is always a whole bundle.
     *
     * @throws IOException when the weights do not fit the manifest's model
     */
    public static ModelBundle seal(Path dir, BundleManifest manifest) throws IOException {
        byte[] weights = Files.readAllBytes(dir.resolve(WEIGHTS));
        String location = dir.toString();
        Map<String, List<Long>> shapes;
        // Only the parameters' shapes are read here, which the CPU does as well as any device.
        try (Model model = newModel(manifest, ComputeDevice.CPU)) {
            Block block = initializedBlock(location, manifest, model);
            loadParameters(location, manifest.model().describe(), block, model, weights);
            shapes = shapesOf(block);
        }
        writeManifest(dir, manifest.withWeights(new BundleManifest.Weights(weights.length, sha256(weights), shapes)));
        return read(dir);
    }

    /** Writes {@code model.json} into {@code dir} atomically. */
    static void writeManifest(Path dir, BundleManifest manifest) throws IOException {
        byte[] json = JSON.writeValueAsBytes(manifest);
        AtomicFiles.writeDurably(dir.resolve(MANIFEST), out -> out.write(json));
    }

    /**
     * Adds measured scores to a bundle directory's {@code model.json} (keys replace older values of the same
     * name), so the bundle carries its final metrics.
     */
    public static void addMetrics(Path dir, Map<String, Double> metrics) throws IOException {
        BundleManifest m = read(dir).manifest();
        Map<String, Double> merged = new java.util.TreeMap<>(m.metrics() == null ? Map.of() : m.metrics());
        merged.putAll(metrics);
        writeManifest(dir, m.withMetrics(merged));
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Where it was read from, for messages. */
    public String location() {
        return location;
    }

    /**
     * The SHA-256 of the weights (lowercase hex): the one the manifest records, or for an older bundle without
     * one, computed from the file. It names exactly which trained model answered.
     */
    public String weightsSha256() throws IOException {
        if (manifest.weights() != null) {
            return manifest.weights().sha256();
        }
        String s = computedSha256;
        if (s == null) {
            try (InputStream in = source.open(WEIGHTS)) {
                s = sha256(in.readAllBytes());
            }
            computedSha256 = s;
        }
        return s;
    }

    /**
     * A DJL model with the bundle's network and trained weights, in inference mode; the caller closes it. The
     * weights are checked first against the manifest's record (size and SHA-256), then parameter by parameter
     * against the shapes the manifest's model has, so weights of another model or a damaged file fail here with
     * one line naming the file, instead of loading.
     *
     * @param device where the network runs
     */
    public Model loadModel(ComputeDevice device) throws IOException {
        byte[] weights = weightsBytes();
        BundleManifest.Weights recorded = manifest.weights();
        Model model = newModel(manifest, device);
        try {
            Block block = initializedBlock(location, manifest, model);
            if (recorded != null && recorded.parameterShapes() != null
                    && !recorded.parameterShapes().equals(shapesOf(block))) {
                throw new IOException(location + "/" + MANIFEST + ": the parameter shapes it records are not those of "
                        + "its model (" + manifest.model().describe() + "); the manifest was edited");
            }
            loadParameters(location, manifest.model().describe(), block, model, weights);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The bytes of {@code weights.params}, checked against the manifest's record (size and SHA-256) when it has one.
     */
    public byte[] weightsBytes() throws IOException {
        byte[] weights;
        try (InputStream in = source.open(WEIGHTS)) {
            weights = in.readAllBytes();
        }
        BundleManifest.Weights recorded = manifest.weights();
        if (recorded != null) {
            String actual = sha256(weights);
            if (weights.length != recorded.bytes() || !actual.equals(recorded.sha256())) {
                throw new IOException(location + "/" + WEIGHTS + ": not the weights " + MANIFEST + " was written for ("
                        + weights.length + " bytes with SHA-256 " + actual.substring(0, 12) + "…, expected "
                        + recorded.bytes() + " bytes with "
                        + recorded.sha256().substring(0, Math.min(12, recorded.sha256().length()))
                        + "…): replaced, truncated or damaged");
            }
        }
        return weights;
    }

    private static Model newModel(BundleManifest manifest, ComputeDevice device) {
        return Model.newInstance(manifest.name() == null ? "timbre" : manifest.name(), device.device());
    }

    private static Block initializedBlock(String location, BundleManifest manifest, Model model) throws IOException {
        Block block;
        try {
            block = manifest.model().newBlock();
        } catch (IllegalStateException e) {
            throw new IOException(location + ": " + e.getMessage(), e);
        }
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, manifest.model().inputShape(1));
        return block;
    }

    /**
     * Loads {@code weights} into the initialised {@code block}, then checks every parameter kept the shape the
     * block gave it: DJL takes each saved array as it comes, so weights of a wider network would otherwise load.
     */
    private static void loadParameters(String location, String description, Block block, Model model, byte[] weights)
            throws IOException {
        String name = location + "/" + WEIGHTS;
        Map<String, List<Long>> expected = shapesOf(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            block.loadParameters(model.getNDManager(), in);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated (" + weights.length + " bytes end inside the parameters)");
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new IOException(name + ": weights do not fit the manifest's model (" + e.getMessage() + ")");
        }
        Map<String, List<Long>> loaded = shapesOf(block);
        for (Map.Entry<String, List<Long>> e : expected.entrySet()) {
            List<Long> got = loaded.get(e.getKey());
            if (!e.getValue().equals(got)) {
                throw new IOException(name + ": parameter " + e.getKey() + " has shape " + got + " but the "
                        + "manifest's model (" + description + ") needs " + e.getValue() + ": weights of another model");
            }
        }
    }

    /** Every parameter of an initialised block with its shape, in the block's order. */
    private static Map<String, List<Long>> shapesOf(Block block) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            long[] dims = p.getValue().getArray().getShape().getShape();
            List<Long> list = new ArrayList<>(dims.length);
            for (long d : dims) {
                list.add(d);
            }
            shapes.put(p.getKey(), list);
        }
        return shapes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
