package dev.timbre.dataset.download;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One published archive of the data set.
 *
 * @param fileName     the archive's name, also its name on disk while it is downloaded
 * @param urlPath      the path relative to the base URL that serves it
 * @param part         which half of the data set it belongs to
 * @param topDirectory the directory it unpacks to under the output directory (the archive's own top folder)
 * @param size         the published size in bytes, when known; lets a finished download skip the network
 * @param md5          the published MD5 sum, 32 lower-case hex digits
 */
public record IrmasArchive(String fileName, String urlPath, IrmasPart part, String topDirectory,
                           OptionalLong size, String md5) {

    public IrmasArchive {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(urlPath, "urlPath");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(topDirectory, "topDirectory");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(md5, "md5");
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("archive file name must be a plain name: '" + fileName + "'");
        }
        if (topDirectory.isBlank() || topDirectory.contains("/") || topDirectory.contains("\\")
                || topDirectory.startsWith(".")) {
            throw new IllegalArgumentException("top directory must be a plain name: '" + topDirectory + "'");
        }
        md5 = md5.toLowerCase(Locale.ROOT);
        if (md5.length() != 32 || !md5.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(fileName + ": MD5 must be 32 hex digits, got '" + md5 + "'");
        }
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException(fileName + ": negative size " + size.getAsLong());
        }
    }

    /** An archive whose size is not published; it is checked by its MD5 sum alone. */
    public static IrmasArchive of(String fileName, IrmasPart part, String topDirectory, String md5) {
        return new IrmasArchive(fileName, fileName, part, topDirectory, OptionalLong.empty(), md5);
    }
}
