package dev.timbre.feature;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Features computed once per (file content, feature settings) and reused across epochs, runs and models.
 *
 * <p>Layout: {@code DIR/<settings hash>/<2 hex>/<content hash>.f16}; an entry is a 16-byte header (magic
 * {@code TFC1}, maps, rows, frames) and float16 values. Entries are written to a temporary file and renamed, so
 * a crash or a second process never leaves a torn entry; readers check the header and read the values when a
 * batch needs them (see {@link FeatureMap}). A study-settings stereo clip
 * takes 2 × 224 × 256 × 2 B + 16 B ≈ 229 KB, so IRMAS's 6,705 training clips need about 1.5 GB.
 * Content hashes are remembered by path, size and modification time in {@code DIR/content-hashes.tsv}
 * ({@link ContentHashes}), so a warm run stats its audio files instead of reading them.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x31434654; // "TFC1" little-endian
    private static final int HEADER = 16;

    /** Computes features for a file on a cache miss. */
    @FunctionalInterface
    public interface FeatureSource {
        float[][][] compute(Path file) throws IOException;
    }

    private final Path dir;
    private final ContentHashes contentHashes;

    public FeatureCache(Path dir) {
        this.dir = dir;
        this.contentHashes = new ContentHashes(dir.resolve(ContentHashes.FILE_NAME));
    }

    /** {@code $TIMBRE_CACHE}, else {@code ~/.cache/timbre}. */
    public static Path defaultDir() {
        String env = System.getenv("TIMBRE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "timbre");
    }

    public Path dir() {
        return dir;
    }

    /**
     * The cached features of {@code file} under {@code settings}, computing and storing them on a miss.
     */
    public FeatureMap get(Path file, FeatureSettings settings, FeatureSource compute) throws IOException {
        Path entry = entryFor(file, settings);
        FeatureMap hit = read(entry);
        if (hit != null) {
            return hit;
        }
        FeatureMap computed = FeatureMap.of(compute.compute(file));
        write(entry, computed);
        // Hand back the stored entry, not the heap copy, so a cold first epoch leaves nothing behind in the heap.
        long[] shape = computed.shape();
        return FeatureMap.stored((int) shape[0], (int) shape[1], (int) shape[2], entry, HEADER);
    }

    /** Whether {@code file}'s features under {@code settings} are already stored. */
    public boolean contains(Path file, FeatureSettings settings) throws IOException {
        return read(entryFor(file, settings)) != null;
    }

    Path entryFor(Path file, FeatureSettings settings) throws IOException {
        String content = contentHashes.of(file);
        return dir.resolve(settingsKey(settings)).resolve(content.substring(0, 2)).resolve(content + ".f16");
    }

    /** Files this cache has read to hash their content, rather than finding the hash in its index. */
    long filesHashed() {
        return contentHashes.filesRead();
    }

    /** A stable key of every field of the settings, of this entry format and of the mel kernel in use. */
    public static String settingsKey(FeatureSettings settings) {
        try {
            byte[] json = new ObjectMapper().writeValueAsBytes(settings);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("timbre-features-v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String kernel = Stft.melKernelId();
            if (!kernel.equals("jtransforms")) { // keys of caches written before the SIMD kernel stay valid
                md.update(kernel.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(json)).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A valid entry, or {@code null} when absent or damaged (a damaged entry is recomputed). Only the header is
     * read here; the values are read when the map is used.
     */
    private static FeatureMap read(Path entry) throws IOException {
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                return null;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining()) {
                if (ch.read(header, header.position()) < 0) {
                    return null;
                }
            }
            if (header.getInt(0) != MAGIC) {
                return null;
            }
            int maps = header.getInt(4);
            int rows = header.getInt(8);
            int frames = header.getInt(12);
            long expected = HEADER + 2L * maps * rows * frames;
            if (maps <= 0 || rows <= 0 || frames <= 0 || expected != size) {
                return null;
            }
            return FeatureMap.stored(maps, rows, frames, entry, HEADER);
        }
    }

    private static void write(Path entry, FeatureMap features) throws IOException {
        Files.createDirectories(entry.getParent());
        long[] shape = features.shape();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + 2 * features.length()).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt((int) shape[0]).putInt((int) shape[1]).putInt((int) shape[2]);
        buf.asShortBuffer().put(features.raw());
        buf.position(0);
        AtomicFiles.write(entry, out -> out.write(buf.array(), 0, buf.limit()));
    }
}
