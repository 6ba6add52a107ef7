package dev.timbre.spark;

import dev.timbre.bundle.RunDirectory;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.predict.BundledModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The model a job tags with, as its tasks see it: the bundle inside the job jar, or a bundle directory that the
 * driver read, checked and zipped, and that Spark ships to every executor with the job
 * ({@link SparkContext#addArchive}), so it needs to be reachable from the driver only.
 *
 * @param archive the shipped archive's file name ({@link SparkFiles#get} gives its unpacked directory), or
 *                {@code null} for the bundled model
 * @param name    the bundle's name, for the rows
 * @param version the hash of the bundle's files, for the rows
 */
record ShippedModel(String archive, String name, String version) implements Serializable {

    private static final List<String> FILES = List.of(RunDirectory.MANIFEST, RunDirectory.WEIGHTS);

    /** The model in the jar. */
    static ShippedModel bundled() throws IOException {
        ModelBundle bundle = BundledModel.read();
        MessageDigest sha = sha256();
        for (String f : FILES) {
            try (InputStream in = BundledModel.class.getResourceAsStream(BundledModel.RESOURCE + f)) {
                if (in == null) {
                    throw new IOException("classpath:" + BundledModel.RESOURCE + f + ": missing from the jar");
                }
                digest(sha, in);
            }
        }
        return new ShippedModel(null, bundle.manifest().name(), version(sha));
    }

    /**
     * Reads the bundle at {@code location} (a local directory or a Hadoop URI), checks it as {@code timbre predict}
     * would, and registers it with the application.
     */
    static ShippedModel ship(SparkContext sc, String location) throws IOException {
        requireDirectory(location, sc.hadoopConfiguration());
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
        Path work = Files.createTempDirectory("timbre-model-");
        try {
            Path bundleDir = Files.createDirectory(work.resolve("bundle"));
            MessageDigest sha = sha256();
            for (String f : FILES) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, f);
                if (!fs.exists(file)) {
                    throw new IOException(location + ": not a complete model bundle (" + f + " is missing)");
                }
                try (InputStream in = fs.open(file)) {
                    Files.copy(in, bundleDir.resolve(f));
                }
                try (InputStream in = Files.newInputStream(bundleDir.resolve(f))) {
                    digest(sha, in);
                }
            }
            ModelBundle bundle = ModelBundle.read(bundleDir);
            String version = version(sha);
            // Named by content, so that shipping the same bundle twice in one application registers one archive.
            String archive = "timbre-model-" + version.substring("sha256:".length()) + ".zip";
            Path zip = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "timbre-spark"))
                    .resolve(archive);
            if (!Files.exists(zip)) {
                Path partial = work.resolve(archive);
                try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream z = new ZipOutputStream(out)) {
                    for (String f : FILES) {
                        z.putNextEntry(new ZipEntry(f));
                        Files.copy(bundleDir.resolve(f), z);
                        z.closeEntry();
                    }
                }
                Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            sc.addArchive(zip.toString());
            return new ShippedModel(archive, bundle.manifest().name(), version);
        } finally {
            deleteTree(work);
        }
    }

    /** Fails with the line {@code timbre predict --model} gives when {@code location} is no directory. */
    static void requireDirectory(String location, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw new IOException(location + ": not a model bundle directory (no such directory)");
        }
    }

    /** Where an executor finds the bundle's files ({@code null} for the bundled model). */
    Path localDirectory() {
        return archive == null ? null : Path.of(SparkFiles.get(archive));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest sha, InputStream in) throws IOException {
        try (DigestInputStream d = new DigestInputStream(in, sha)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static String version(MessageDigest sha) {
        return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
