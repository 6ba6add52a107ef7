package dev.timbre.train;

import dev.timbre.io.AtomicFiles;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training checkpoint: progress, the settings the run trains with, the network's parameters (batch-norm
 * statistics included) and the optimizer's state, in one file written atomically (temporary file, then rename),
 * so a process killed at any moment leaves either the previous checkpoint or the new one.
 *
 * <p>Layout: magic {@code TIMBRECK}, version, then length-prefixed sections: progress (JSON), the training
 * settings (JSON; from version 2), parameters (DJL's {@code Block.saveParameters}), optimizer
 * ({@link CheckpointedAdam#save}).
 *
 * @param settings the run's {@link TrainSettings} as JSON, so that a resume can refuse other settings; {@code null}
 *                 for a version-1 checkpoint, which did not record them
 */
public record Checkpoint(Progress progress, byte[] settings, byte[] parameters, byte[] optimizer) {

    private static final long MAGIC = 0x54494D425245434BL; // "TIMBRECK"
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where training stands after an epoch.
     *
     * @param epochsDone      completed epochs
     * @param bestValLoss     lowest validation loss so far
     * @param bestEpoch       epoch (1-based) that reached it
     * @param epochsSinceBest epochs completed since then (early stopping counts these)
     * @param optimizerSteps  optimizer steps taken
     */
    public record Progress(int epochsDone, double bestValLoss, int bestEpoch, int epochsSinceBest,
                           int optimizerSteps) {

        public static Progress start() {
            return new Progress(0, Double.POSITIVE_INFINITY, 0, 0, 0);
        }
    }

    /** Captures the block's parameters and the optimizer's state now. */
    public static Checkpoint capture(Progress progress, TrainSettings settings, Block block, CheckpointedAdam adam)
            throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(p)) {
            block.saveParameters(d);
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            adam.save(d);
        }
        return new Checkpoint(progress, JSON.writeValueAsBytes(settings), p.toByteArray(), o.toByteArray());
    }

    /**
     * How {@code current} differs from the settings this checkpoint's run was trained with, one
     * {@code "name: recorded → current"} per setting, compared as whole records (every field; one added to
     * {@link TrainSettings} after the checkpoint was written counts as its default). Empty when they are the same,
     * or when a version-1 checkpoint recorded none.
     */
    public List<String> settingsChanges(TrainSettings current) throws IOException {
        if (settings == null) {
            return List.of();
        }
        // Read back through the record, as a bundle's settings are, so that a field added to TrainSettings since the
        // checkpoint was written compares as the default it reads back as (the constant learning-rate schedule).
        JsonNode was = JSON.readTree(JSON.writeValueAsBytes(JSON.readValue(settings, TrainSettings.class)));
        // Through text, as the recorded side was, so that a float field compares as the same kind of number.
        JsonNode now = JSON.readTree(JSON.writeValueAsBytes(current));
        Set<String> names = new LinkedHashSet<>();
        now.fieldNames().forEachRemaining(names::add);
        was.fieldNames().forEachRemaining(names::add);
        List<String> changes = new ArrayList<>();
        // How the step is computed changes no result: a run that ran out of memory may resume recomputing.
        names.remove("recompute");
        for (String name : names) {
            JsonNode a = was.get(name);
            JsonNode b = now.get(name);
            if (a == null || !a.equals(b)) {
                changes.add(name + ": " + (a == null ? "not recorded" : a.toString()) + " → "
                        + (b == null ? "not set" : b.toString()));
            }
        }
        return changes;
    }

    public void write(Path file) throws IOException {
        byte[] progressJson = JSON.writeValueAsBytes(progress);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeDurably(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeLong(MAGIC);
            d.writeInt(VERSION);
            section(d, progressJson);
            section(d, settings);
            section(d, parameters);
            section(d, optimizer);
            d.flush();
        });
    }

    public static Checkpoint read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no checkpoint to resume from");
        }
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(all))) {
            if (d.readLong() != MAGIC) {
                throw new IOException(file + ": not a timbre checkpoint");
            }
            int v = d.readInt();
            if (v != 1 && v != VERSION) {
                throw new IOException(file + ": checkpoint version " + v + " is not supported");
            }
            Progress progress = JSON.readValue(section(d, file), Progress.class);
            byte[] settings = v >= 2 ? section(d, file) : null;
            return new Checkpoint(progress, settings, section(d, file), section(d, file));
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated");
        }
    }

    /** Loads the parameters into an initialised block of the same architecture. */
    public void loadParameters(Block block, NDManager manager) throws IOException {
        loadParameters(parameters, block, manager);
    }

    /**
     * Loads saved parameters into an initialised block and checks that each kept the shape the block gave it
     * (DJL takes saved arrays as they come, so a checkpoint of a wider network would otherwise load).
     */
    public static void loadParameters(byte[] parameters, Block block, NDManager manager) throws IOException {
        Map<String, Shape> expected = new LinkedHashMap<>();
        block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, d);
        } catch (MalformedModelException e) {
            throw new IOException("parameters do not fit this model: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new IOException("parameters are truncated");
        }
        for (var p : block.getParameters()) {
            Shape was = expected.get(p.getKey());
            Shape got = p.getValue().getArray().getShape();
            if (!got.equals(was)) {
                throw new IOException("parameters do not fit this model: " + p.getKey() + " is " + got
                        + ", the model has " + was + " (another --model or --hidden?)");
            }
        }
    }

    public void loadOptimizer(CheckpointedAdam adam) throws IOException {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(optimizer))) {
            adam.load(d);
        }
    }

    private static void section(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b.length);
        d.write(b);
    }

    private static byte[] section(DataInputStream d, Path file) throws IOException {
        int len = d.readInt();
        if (len < 0) {
            throw new IOException(file + ": corrupt checkpoint section");
        }
        byte[] b = d.readNBytes(len);
        if (b.length != len) {
            throw new IOException(file + ": checkpoint is truncated");
        }
        return b;
    }
}
