package dev.timbre.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files a folder walk hands to {@link AudioDecoder}, by their names: those of the formats decoded here, and
 * those of the formats {@code ffmpeg} decodes when it is on the {@code PATH}. A file named explicitly is always
 * tried, whatever its name; only a walk goes by extension, so that covers, logs and playlists beside the music are
 * not reported as broken audio.
 */
public final class AudioFiles {

    /** Extensions of audio containers and codecs that only ffmpeg decodes here. */
    static final Set<String> FFMPEG_EXTENSIONS = Set.of("opus", "m4a", "m4b", "mp4", "aac", "mka", "webm", "wma",
            "aif", "aiff", "aifc", "caf", "ape", "wv", "tta", "mpc", "ac3", "eac3", "dts", "amr", "3gp", "au", "snd",
            "spx", "w64", "ra");

    /** What a walk does with a file. */
    public enum Kind {
        /** A format decoded here, or one ffmpeg decodes and ffmpeg is available: recognize it. */
        AUDIO,
        /** A format only ffmpeg decodes, and ffmpeg is not on the PATH: skip it and say why. */
        NEEDS_FFMPEG,
        /** Not an audio file by its name: skip it. */
        NOT_AUDIO
    }

    private AudioFiles() {
    }

    /**
     * The regular files under {@code dir}, at any depth, in no particular order. A folder named through a symbolic
     * link is walked at its target, each file given under the name {@code dir} spells; inside the walk, links to
     * folders are not followed (a link back up would never end) and links to files are taken.
     */
    public static List<Path> regularFilesUnder(Path dir) throws IOException {
        // Files.walk follows no link, its start included: a named link would be one entry and no files.
        Path start = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
        try (Stream<Path> s = Files.walk(start)) {
            return s.filter(Files::isRegularFile).map(f -> start == dir ? f : dir.resolve(start.relativize(f)))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The files under {@code dir} that {@link #byName} takes as audio, sorted by path ({@link #regularFilesUnder}). */
    public static List<Path> audioFilesUnder(Path dir) throws IOException {
        return regularFilesUnder(dir).stream().filter(p -> byName(p) == Kind.AUDIO)
                .sorted(Comparator.comparing(Path::toString)).toList();
    }

    /** How a walk treats {@code file}, by its extension (case ignored). */
    public static Kind byName(Path file) {
        if (file.getFileName().toString().startsWith("._")) {
            return Kind.NOT_AUDIO; // macOS's AppleDouble metadata beside a copied file, not audio
        }
        String ext = extension(file);
        if (AudioFileFormat.fromExtension(file.getFileName().toString()).isPresent()) {
            return Kind.AUDIO;
        }
        if (FFMPEG_EXTENSIONS.contains(ext)) {
            return AudioDecoder.ffmpegAvailable() ? Kind.AUDIO : Kind.NEEDS_FFMPEG;
        }
        return Kind.NOT_AUDIO;
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
