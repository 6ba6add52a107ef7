package dev.timbre.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's reference data in {@code ../shared}: absent data fails the test loudly, never skips it. */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("timbre.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("golden"))) {
            throw new AssertionError("reference data missing: expected ../shared/golden at " + p
                    + " (see ../shared/README.md); the tests need it");
        }
        return p;
    }

    public static Path golden(String name) {
        Path p = root().resolve("golden").resolve(name);
        if (!Files.exists(p)) {
            throw new AssertionError("reference file missing: " + p);
        }
        return p;
    }

    public static Path irmasSample() {
        Path p = root().resolve("irmas-sample");
        if (!Files.isDirectory(p)) {
            throw new AssertionError("reference data missing: " + p);
        }
        return p;
    }

    /** Real recordings to train on, with their manifest and licences. */
    public static Path realTrain() {
        return dir("real-train");
    }

    /** Real recordings to measure on, never to train on. */
    public static Path realDev() {
        return dir("real-dev");
    }

    private static Path dir(String name) {
        Path p = root().resolve(name);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("reference data missing: " + p + " (see ../shared/README.md)");
        }
        return p;
    }

    /** Raw little-endian float32 file. */
    public static float[] f32(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
