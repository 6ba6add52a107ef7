package dev.timbre.dataset.download;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Downloads, verifies and unpacks the IRMAS archives into the layout the data set reader expects:
 * {@code outDir/IRMAS-TrainingData/<code>/*.wav} and {@code outDir/IRMAS-TestingData-PartN/...}.
 *
 * <p>Per archive, on disk under {@code outDir}:
 * <ol>
 *   <li>{@code NAME.zip.part} grows while it downloads and is resumed on the next run;</li>
 *   <li>once its MD5 matches the manifest it becomes {@code NAME.zip}; if it does not, it becomes
 *       {@code NAME.zip.corrupt} and the run fails with one line saying so;</li>
 *   <li>it is unpacked into the hidden sibling {@code .TOP.extracting}, the completion marker
 *       {@value #MARKER} is written into the unpacked folder, and only then is the folder moved to
 *       {@code outDir/TOP} in one rename, so a folder of that name is either complete or absent;</li>
 *   <li>the archive is deleted unless {@link DownloadSettings#keepArchives()}.</li>
 * </ol>
 * A part whose folder holds the marker is skipped without touching the network, so a second run over a
 * complete directory does nothing.
 */
public final class IrmasDownloader {

    /** Written inside each unpacked part once it is complete: archive name and MD5, files and bytes. */
    public static final String MARKER = ".timbre-download-complete";

    /** Held while a run works in the output directory, so two runs never write the same files. */
    public static final String LOCK = ".timbre-download.lock";

    private final DownloadSettings settings;
    private final DownloadProgress.Factory progress;
    private HttpClient client;

    public IrmasDownloader(DownloadSettings settings, DownloadProgress.Factory progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** What happened to one archive. */
    public enum Outcome {
        /** Its folder was already complete; nothing was fetched. */
        ALREADY_COMPLETE,
        /** It was fetched (or found verified on disk), checked and unpacked in this run. */
        INSTALLED
    }

    /**
     * @param archive   the archive
     * @param outcome   what this run did with it
     * @param directory the folder it is unpacked in
     * @param files     files unpacked in this run (0 when already complete)
     * @param bytes     bytes unpacked in this run (0 when already complete)
     */
    public record ArchiveResult(IrmasArchive archive, Outcome outcome, Path directory, int files, long bytes) {
    }

    /**
     * Installs every archive of the selected parts, in manifest order. An archive that fails is reported and
     * the next one is tried; only an interruption, or another run holding {@code outDir}, stops the run.
     *
     * @throws IOException if {@code outDir} cannot be created or locked, or the thread is interrupted
     */
    public DownloadReport run() throws IOException {
        Files.createDirectories(settings.outDir());
        Path lockFile = settings.outDir().resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel, lockFile)) {
            List<ArchiveResult> results = new ArrayList<>();
            List<DownloadReport.Failure> failures = new ArrayList<>();
            for (IrmasArchive archive : settings.manifest().archivesOf(settings.parts())) {
                try {
                    results.add(install(archive));
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    failures.add(new DownloadReport.Failure(archive, e));
                }
            }
            return new DownloadReport(results, failures);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException(lockFile.getParent() + ": another timbre download is working in this directory");
        }
        return lock;
    }

    /** True when the archive's folder under {@code outDir} carries the completion marker. */
    public static boolean isComplete(Path outDir, IrmasArchive archive) {
        return Files.isRegularFile(outDir.resolve(archive.topDirectory()).resolve(MARKER));
    }

    private ArchiveResult install(IrmasArchive archive) throws IOException {
        Path out = settings.outDir();
        Path top = out.resolve(archive.topDirectory());
        if (isComplete(out, archive)) {
            return new ArchiveResult(archive, Outcome.ALREADY_COMPLETE, top, 0, 0);
        }
        if (Files.exists(top)) {
            throw new IOException(top + ": exists but has no " + MARKER
                    + " (not unpacked by timbre download, or by an older run); move it away and run again");
        }
        Path zip = out.resolve(archive.fileName());
        if (Files.isRegularFile(zip) && !Md5.of(zip).equals(archive.md5())) {
            // A finished archive that no longer verifies is set aside and fetched again.
            Files.move(zip, corruptPath(archive), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(zip)) {
            Path part = out.resolve(archive.fileName() + ".part");
            try (DownloadProgress p = progress.open(archive)) {
                new ResumableFetch(client(), settings.retry(), settings.readTimeout())
                        .fetch(settings.urlOf(archive), part, archive.size(), p);
            }
            verify(archive, part);
            Files.move(part, zip, StandardCopyOption.ATOMIC_MOVE);
        }
        SafeZipExtractor.Extracted extracted = unpack(archive, zip, top);
        if (!settings.keepArchives()) {
            Files.delete(zip);
        }
        return new ArchiveResult(archive, Outcome.INSTALLED, top, extracted.files(), extracted.bytes());
    }

    private void verify(IrmasArchive archive, Path file) throws IOException {
        String actual = Md5.of(file);
        if (!actual.equals(archive.md5())) {
            Path corrupt = corruptPath(archive);
            Files.move(file, corrupt, StandardCopyOption.REPLACE_EXISTING);
            throw new IOException(archive.fileName() + ": MD5 " + actual + " does not match the published "
                    + archive.md5() + "; moved to " + corrupt + ", nothing extracted");
        }
    }

    private Path corruptPath(IrmasArchive archive) {
        return settings.outDir().resolve(archive.fileName() + ".corrupt");
    }

    private SafeZipExtractor.Extracted unpack(IrmasArchive archive, Path zip, Path top) throws IOException {
        Path staging = settings.outDir().resolve("." + archive.topDirectory() + ".extracting");
        deleteTree(staging);
        Files.createDirectories(staging);
        try {
            SafeZipExtractor.Extracted extracted = SafeZipExtractor.extract(zip, staging, settings.limits());
            Path unpacked = staging.resolve(archive.topDirectory());
            if (!Files.isDirectory(unpacked)) {
                throw new IOException(archive.fileName() + ": has no top folder " + archive.topDirectory());
            }
            String marker = "archive=" + archive.fileName() + "\nmd5=" + archive.md5()
                    + "\nfiles=" + extracted.files() + "\nbytes=" + extracted.bytes() + "\n";
            Files.writeString(unpacked.resolve(MARKER), marker, StandardCharsets.UTF_8);
            Files.move(unpacked, top, StandardCopyOption.ATOMIC_MOVE);
            return extracted;
        } finally {
            deleteTree(staging);
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
