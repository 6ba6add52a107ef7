package dev.timbre.dataset.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a zip into a directory without letting any entry escape it: absolute names, drive letters,
 * {@code ..} segments and backslash-separated names are refused, and every resolved path is checked to stay
 * under the target. Sizes are counted while copying, against {@link ExtractionLimits}; the sizes the archive
 * declares are not trusted. Any refusal is an {@link IOException} naming the archive and the entry; the
 * caller owns the target directory and removes it on failure.
 */
public final class SafeZipExtractor {

    /** What one extraction produced. */
    public record Extracted(int files, long bytes) {
    }

    private SafeZipExtractor() {
    }

    /** Unpacks {@code zip} into {@code target}, which must exist and be empty. */
    public static Extracted extract(Path zip, Path target, ExtractionLimits limits) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (var listing = Files.list(root)) {
            if (listing.findAny().isPresent()) {
                throw new IOException(root + ": extraction target is not empty");
            }
        }
        String archive = zip.getFileName().toString();
        int entries = 0;
        int files = 0;
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = zf.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > limits.maxEntries()) {
                    throw new IOException(archive + ": more than " + limits.maxEntries() + " entries");
                }
                Path dest = resolveInside(root, entry.getName(), archive);
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                long written = 0;
                try (InputStream in = zf.getInputStream(entry);
                     OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        written += n;
                        total += n;
                        if (written > limits.maxEntryBytes()) {
                            throw new IOException(archive + ": entry '" + entry.getName() + "' unpacks to more than "
                                    + limits.maxEntryBytes() + " bytes");
                        }
                        if (total > limits.maxTotalBytes()) {
                            throw new IOException(archive + ": unpacks to more than " + limits.maxTotalBytes()
                                    + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new IOException(archive + ": entry '" + entry.getName() + "' appears twice", e);
                }
                files++;
            }
        } catch (ZipException e) {
            throw new IOException(archive + ": not a readable zip (" + e.getMessage() + ")", e);
        }
        return new Extracted(files, total);
    }

    /** The path an entry names under {@code root}, or an exception if it would land anywhere else. */
    static Path resolveInside(Path root, String name, String archive) throws IOException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IOException(archive + ": entry with an empty or NUL-containing name refused");
        }
        if (name.indexOf('\\') >= 0) {
            throw new IOException(archive + ": entry '" + name + "' uses backslashes; refused");
        }
        if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':')) {
            throw new IOException(archive + ": entry '" + name + "' is an absolute path; refused");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new IOException(archive + ": entry '" + name + "' climbs out with '..'; refused");
            }
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root) || dest.equals(root)) {
            throw new IOException(archive + ": entry '" + name + "' would land outside " + root + "; refused");
        }
        return dest;
    }
}
