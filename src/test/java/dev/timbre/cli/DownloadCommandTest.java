package dev.timbre.cli;

import dev.timbre.dataset.download.IrmasDownloader;
import dev.timbre.dataset.download.IrmasManifest;
import dev.timbre.dataset.download.Md5;
import dev.timbre.dataset.download.StandInServer;
import dev.timbre.dataset.download.SyntheticIrmas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadCommandTest {

    private static final byte[] TRAIN = SyntheticIrmas.trainingZip();
    private static final byte[] TEST = SyntheticIrmas.testingZip();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code timbre ARGS} with the download command verifying against {@code manifest}. */
    private int run(IrmasManifest manifest, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == DownloadCommand.class
                        ? cls.cast(new DownloadCommand(manifest))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = new CommandLine(new TimbreCli(), factory);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl.execute(args);
    }

    @Test
    void downloadsWithAProgressBarThenFindsTheDirectoryComplete() throws Exception {
        IrmasManifest manifest = SyntheticIrmas.manifest(TRAIN, TEST);
        try (StandInServer server = new StandInServer(
                Map.of(SyntheticIrmas.TRAIN_ZIP, TRAIN, SyntheticIrmas.TEST_ZIP, TEST),
                StandInServer.Behaviour.NORMAL)) {
            String base = server.baseUrl().toString();
            // The base URL without its trailing slash is accepted too.
            int code = run(manifest, "download", "--out", dir.toString(), "--parts", "train,test",
                    "--base-url", base.substring(0, base.length() - 1));

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString().lines()).containsExactly(
                    dir.resolve("IRMAS-TrainingData") + ": IRMAS-TrainingData.zip verified (md5 " + Md5.of(TRAIN)
                            + "), 4 files unpacked",
                    dir.resolve("IRMAS-TestingData-Part1") + ": IRMAS-TestingData-Part1.zip verified (md5 "
                            + Md5.of(TEST) + "), 2 files unpacked");
            assertThat(err.toString()).doesNotContain("\r");
            assertThat(dir.resolve("IRMAS-TrainingData").resolve(IrmasDownloader.MARKER)).isRegularFile();

            out.getBuffer().setLength(0);
            assertThat(run(manifest, "download", "--out", dir.toString(), "--base-url", base)).isZero();
            assertThat(out.toString().lines()).containsExactly(
                    dir.resolve("IRMAS-TrainingData") + ": already complete",
                    dir.resolve("IRMAS-TestingData-Part1") + ": already complete");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void checksumMismatchIsOneLineAndExitCodeOne() throws Exception {
        byte[] corrupted = TRAIN.clone();
        corrupted[100] ^= 0x7f;
        try (StandInServer server = new StandInServer(Map.of(SyntheticIrmas.TRAIN_ZIP, corrupted),
                StandInServer.Behaviour.NORMAL)) {
            int code = run(SyntheticIrmas.manifest(TRAIN, TEST), "download", "--out", dir.toString(),
                    "--parts", "train", "--no-progress", "--base-url", server.baseUrl().toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString().lines()).containsExactly("timbre download: IRMAS-TrainingData.zip: MD5 "
                    + Md5.of(corrupted) + " does not match the published " + Md5.of(TRAIN) + "; moved to "
                    + dir.resolve("IRMAS-TrainingData.zip.corrupt") + ", nothing extracted");
        }
    }

    @Test
    void everyFailedArchiveGetsItsOwnLine() throws Exception {
        try (StandInServer server = new StandInServer(Map.of(), StandInServer.Behaviour.NORMAL)) {
            int code = run(SyntheticIrmas.manifest(TRAIN, TEST), "download", "--out", dir.toString(),
                    "--no-progress", "--base-url", server.baseUrl().toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString().lines()).containsExactly(
                    "timbre download: " + server.baseUrl() + "IRMAS-TrainingData.zip: HTTP 404",
                    "timbre download: " + server.baseUrl() + "IRMAS-TestingData-Part1.zip: HTTP 404");
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void unknownPartIsAUsageError() {
        int code = run(IrmasManifest.zenodo(), "download", "--out", dir.toString(), "--parts", "valid");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown IRMAS part 'valid' (expected one of train, test)");
    }
}
