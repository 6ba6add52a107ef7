package dev.timbre.feature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256 content hashes of audio files, remembered by path, size and modification time so that a warm run
 * only stats its files instead of reading them all.
 *
 * <p>The feature cache is keyed by file content, which keeps it right when files move or are copied, but
 * hashing means reading every file, the whole data set's audio on each run. The index is an
 * append-only text file ({@code hash, size, modified nanoseconds, path} per line, tab-separated) shared by every
 * process that uses the cache directory; the last line for a path wins, and a torn or foreign line is skipped.
 * Like git's index it trusts size and modification time, and, also like git, it does not remember a file
 * modified within {@link #RACY_NANOS} of being hashed, since a write in that window could leave both unchanged.
 */
final class ContentHashes {

    static final String FILE_NAME = "content-hashes.tsv";
    static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Stamp(String hash, long size, long modifiedNanos) {
    }

    private final Path indexFile;
    private final Map<String, Stamp> known = new ConcurrentHashMap<>();
    private final AtomicLong filesRead = new AtomicLong();
    private volatile boolean loaded;
    private volatile boolean unwritable;

    ContentHashes(Path indexFile) {
        this.indexFile = indexFile;
    }

    /** The first 40 hex digits of the SHA-256 of {@code file}'s bytes. */
    String of(Path file) throws IOException {
        load();
        Path real;
        BasicFileAttributes attrs;
        try {
            real = file.toRealPath();
            attrs = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        long modified = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        String key = real.toString();
        Stamp stamp = known.get(key);
        if (stamp != null && stamp.size() == attrs.size() && stamp.modifiedNanos() == modified) {
            return stamp.hash();
        }
        long started = System.currentTimeMillis() * 1_000_000L;
        String hash = sha256(real);
        if (started - modified > RACY_NANOS && key.indexOf('\t') < 0 && key.indexOf('\n') < 0) {
            Stamp fresh = new Stamp(hash, attrs.size(), modified);
            known.put(key, fresh);
            append(hash + '\t' + fresh.size() + '\t' + modified + '\t' + key + '\n');
        }
        return hash;
    }

    /** How many files this instance has read to hash them (the rest came from the index). */
    long filesRead() {
        return filesRead.get();
    }

    private String sha256(Path file) throws IOException {
        filesRead.incrementAndGet();
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 40);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            if (Files.isRegularFile(indexFile)) {
                try (BufferedReader r = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        parse(line);
                    }
                } catch (IOException e) {
                    // An unreadable or damaged index is only a lost shortcut: hash again and let appends rebuild it.
                    known.clear();
                }
            }
            loaded = true;
        }
    }

    private void parse(String line) {
        String[] f = line.split("\t", 4);
        if (f.length != 4 || f[0].length() != 40 || f[3].isEmpty()) {
            return;
        }
        try {
            known.put(f[3], new Stamp(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
        } catch (NumberFormatException e) {
            // a torn line from a process that died mid-append
        }
    }

    /**
     * One write per line on an append-mode channel, so concurrent processes do not interleave inside lines. An
     * index that cannot be written (a read-only cache) is a lost shortcut like an unreadable one: the hash is
     * still returned, and the feature entry's own write reports the directory's problem, per file.
     */
    private void append(String line) {
        if (unwritable) {
            return;
        }
        try {
            Files.createDirectories(indexFile.getParent());
            try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        } catch (IOException e) {
            unwritable = true;
        }
    }
}
