package dev.timbre.cli;

import dev.timbre.audio.AudioFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a command was asked to work on: files named on the command line are taken as they are (the decoder
 * judges them), folders are walked recursively ({@link AudioFiles#regularFilesUnder}, a named link to a folder
 * included) for the files {@link AudioFiles} says the decoders open. What cannot be taken is said: an input that
 * does not exist is a failure of its own, and the files a walk passed over are summed up per folder. A file reached
 * twice (named twice, spelled two ways, through a symbolic link and directly, or named and inside a folder that is
 * named too) is worked on once, where it first came: two results for one file would count it twice.
 *
 * @param files    the files to work on, in input order (each folder's files sorted), each once
 * @param failures one line per input that does not exist, naming it
 * @param notes    one line per folder whose walk skipped files, naming a few of them, and one for the files
 *                 reached more than once
 */
record AudioInputs(List<Path> files, List<String> failures, List<String> notes) {

    private static final int NAMED = 5;

    static AudioInputs collect(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                walk(p, files, notes);
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                failures.add(p + ": no such file or directory");
            }
        }
        return new AudioInputs(once(files, notes), failures, notes);
    }

    /** {@code files} without the repeats of a file: one file is one real path, however it was reached. */
    private static List<Path> once(List<Path> files, List<String> notes) {
        Set<String> seen = new HashSet<>();
        List<Path> kept = new ArrayList<>(files.size());
        List<Path> repeats = new ArrayList<>();
        for (Path f : files) {
            if (seen.add(identity(f))) {
                kept.add(f);
            } else {
                repeats.add(f);
            }
        }
        if (!repeats.isEmpty()) {
            List<String> shown = repeats.stream().limit(NAMED).map(Path::toString).toList();
            notes.add((repeats.size() == 1 ? "1 file was" : repeats.size() + " files were")
                    + " named more than once and " + (repeats.size() == 1 ? "is" : "are") + " taken once ("
                    + String.join(", ", shown) + (repeats.size() > NAMED ? ", …" : "") + ")");
        }
        return repeats.isEmpty() ? files : kept;
    }

    /**
     * The file's real path (links resolved), or, where it cannot be resolved (a file named but unreadable), its path
     * as a resume compares paths ({@link ResultsFile#key}): the decoder then says what is wrong with it.
     */
    private static String identity(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            return ResultsFile.key(file.toString());
        }
    }

    private static void walk(Path dir, List<Path> files, List<String> notes) throws IOException {
        List<Path> notAudio = new ArrayList<>();
        List<Path> needFfmpeg = new ArrayList<>();
        for (Path f : AudioFiles.regularFilesUnder(dir).stream().sorted().toList()) {
            switch (AudioFiles.byName(f)) {
                case AUDIO -> files.add(f);
                case NEEDS_FFMPEG -> needFfmpeg.add(f);
                case NOT_AUDIO -> notAudio.add(f);
            }
        }
        if (!needFfmpeg.isEmpty()) {
            notes.add(dir + ": skipped " + count(needFfmpeg.size()) + " that only ffmpeg decodes and ffmpeg is not on "
                    + "the PATH (" + names(dir, needFfmpeg) + ")");
        }
        if (!notAudio.isEmpty()) {
            notes.add(dir + ": skipped " + count(notAudio.size()) + " not named as audio (" + names(dir, notAudio)
                    + ")");
        }
    }

    private static String count(int n) {
        return n == 1 ? "1 file" : n + " files";
    }

    private static String names(Path dir, List<Path> files) {
        List<String> shown = files.stream().limit(NAMED).map(f -> dir.relativize(f).toString()).toList();
        return String.join(", ", shown) + (files.size() > NAMED ? ", …" : "");
    }
}
