package dev.timbre.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training checkpoint: progress, the network's parameters (batch-norm statistics included) and the
 * optimizer's state, in one file written atomically (temporary file, then rename), so a process killed at
 * any moment leaves either the previous checkpoint or the new one.
 *
 * <p>Layout: magic {@code TIMBRECK}, version, then three length-prefixed sections: progress (JSON),
 * parameters (DJL's {@code Block.saveParameters}), optimizer ({@link CheckpointedAdam#save}).
 */
public record Checkpoint(Progress progress, byte[] parameters, byte[] optimizer) {

    private static final long MAGIC = 0x54494D425245434BL; // "TIMBRECK"
    private static final int VERSION = 1;
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
    public static Checkpoint capture(Progress progress, Block block, CheckpointedAdam adam) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(p)) {
            block.saveParameters(d);
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            adam.save(d);
        }
        return new Checkpoint(progress, p.toByteArray(), o.toByteArray());
    }

    public void write(Path file) throws IOException {
        byte[] progressJson = JSON.writeValueAsBytes(progress);
        writeAtomically(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeLong(MAGIC);
            d.writeInt(VERSION);
            section(d, progressJson);
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
            if (v != VERSION) {
                throw new IOException(file + ": checkpoint version " + v + " is not supported");
            }
            Progress progress = JSON.readValue(section(d, file), Progress.class);
            return new Checkpoint(progress, section(d, file), section(d, file));
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated");
        }
    }

    /** Loads the parameters into an initialised block of the same architecture. */
    public void loadParameters(Block block, NDManager manager) throws IOException {
        loadParameters(parameters, block, manager);
    }

    public static void loadParameters(byte[] parameters, Block block, NDManager manager) throws IOException {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, d);
        } catch (MalformedModelException e) {
            throw new IOException("parameters do not fit this model: " + e.getMessage(), e);
        }
    }

    public void loadOptimizer(CheckpointedAdam adam) throws IOException {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(optimizer))) {
            adam.load(d);
        }
    }

    /** The writer of {@link #writeAtomically}. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes through a temporary sibling, forces it to disk, then renames it over {@code file}. */
    public static void writeAtomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
                         1 << 20)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
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
