package dev.timbre.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that a reader sees either the old file or the whole new one, never a part: the bytes go to a
 * temporary sibling that is then renamed over the target, and a failed write leaves no debris.
 *
 * <p>The sibling is created with the process's default permissions (as {@code Files.writeString} would create the
 * target), not the owner-only ones of {@code Files.createTempFile}, so written files look like the rest. Where the
 * file system cannot rename atomically, the rename still replaces the target, only without that guarantee.
 */
public final class AtomicFiles {

    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code file}, whose directory must exist. */
    public static void write(Path file, Content content) throws IOException {
        write(file, content, false);
    }

    /**
     * As {@link #write}, and forces the bytes to the device before the rename, so that after a crash the file is
     * the old one or the complete new one (checkpoints, weights, manifests).
     */
    public static void writeDurably(Path file, Content content) throws IOException {
        write(file, content, true);
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    private static void write(Path file, Content content, boolean durable) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot create a file in " + dir + " (" + e.getMessage() + ")", e);
        }
        try {
            try (ch; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
