package dev.timbre.dataset.download;

import dev.timbre.audio.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IrmasDownloaderTest {

    private static final byte[] TRAIN = SyntheticIrmas.trainingZip();
    private static final byte[] TEST = SyntheticIrmas.testingZip();
    private static final IrmasManifest MANIFEST = SyntheticIrmas.manifest(TRAIN, TEST);
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4));

    @TempDir
    Path out;

    private DownloadSettings settings(StandInServer server) {
        return DownloadSettings.zenodo(out).withBaseUrl(server.baseUrl()).withManifest(MANIFEST).withRetry(FAST);
    }

    private static Map<String, byte[]> served(byte[] train, byte[] test) {
        return Map.of(SyntheticIrmas.TRAIN_ZIP, train, SyntheticIrmas.TEST_ZIP, test);
    }

    private void assertTrainingUnpacked() throws IOException {
        for (String f : SyntheticIrmas.TRAIN_FILES) {
            Path p = out.resolve(f);
            assertThat(p).isRegularFile();
            assertThat(WavReader.header(p).channels()).isEqualTo(2);
        }
        assertThat(IrmasDownloader.isComplete(out, MANIFEST.archives().get(0))).isTrue();
    }

    /** Names directly under {@code out}, hidden ones included. */
    private List<String> topLevel() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void normalServerInstallsBothPartsAndASecondRunMakesNoRequest() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            List<IrmasDownloader.ArchiveResult> first = new IrmasDownloader(settings(server),
                    DownloadProgress.Factory.SILENT).run().orThrow().results();

            assertThat(first).extracting(IrmasDownloader.ArchiveResult::outcome)
                    .containsExactly(IrmasDownloader.Outcome.INSTALLED, IrmasDownloader.Outcome.INSTALLED);
            assertThat(first.get(0).files()).isEqualTo(4);
            assertThat(first.get(1).files()).isEqualTo(2);
            assertTrainingUnpacked();
            assertThat(out.resolve("IRMAS-TestingData-Part1/Part1/01 - Song-1.txt")).hasContent("gel\t\nvoi\t");
            // Archives are deleted after unpacking; no staging folder or partial file is left behind.
            assertThat(topLevel()).containsExactly(IrmasDownloader.LOCK, "IRMAS-TestingData-Part1", "IRMAS-TrainingData");
            assertThat(server.requests()).hasSize(2).allSatisfy(r -> assertThat(r.range()).isNull());

            List<IrmasDownloader.ArchiveResult> second = new IrmasDownloader(settings(server),
                    DownloadProgress.Factory.SILENT).run().orThrow().results();
            assertThat(second).extracting(IrmasDownloader.ArchiveResult::outcome)
                    .containsOnly(IrmasDownloader.Outcome.ALREADY_COMPLETE);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void selectedPartOnlyAndArchivesKeptOnRequest() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            DownloadSettings s = settings(server).withParts(EnumSet.of(IrmasPart.TEST)).withKeepArchives(true);
            new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow();

            assertThat(topLevel()).containsExactly(IrmasDownloader.LOCK, "IRMAS-TestingData-Part1", SyntheticIrmas.TEST_ZIP);
            assertThat(Md5.of(out.resolve(SyntheticIrmas.TEST_ZIP))).isEqualTo(MANIFEST.archives().get(1).md5());
            assertThat(server.requests()).extracting(StandInServer.Request::file)
                    .containsExactly(SyntheticIrmas.TEST_ZIP);
        }
    }

    @Test
    void droppedConnectionIsResumedWithARangeAndTheChecksumHolds() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST),
                StandInServer.Behaviour.DROP_FIRST_HALFWAY)) {
            DownloadSettings s = settings(server).withParts(EnumSet.of(IrmasPart.TRAIN)).withKeepArchives(true);
            new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow();

            assertThat(Md5.of(out.resolve(SyntheticIrmas.TRAIN_ZIP))).isEqualTo(Md5.of(TRAIN));
            assertTrainingUnpacked();
            assertThat(server.requests()).containsExactly(
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, null),
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, "bytes=" + TRAIN.length / 2 + "-"));
        }
    }

    @Test
    @Timeout(30) // the stand-in stays silent for 60 s: only the read timeout ends the first request sooner
    void silentConnectionIsAbandonedAfterTheReadTimeoutAndResumed() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST),
                StandInServer.Behaviour.STALL_FIRST_HALFWAY)) {
            DownloadSettings s = settings(server).withParts(EnumSet.of(IrmasPart.TRAIN))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
            new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow();

            assertTrainingUnpacked();
            assertThat(server.requests()).containsExactly(
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, null),
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, "bytes=" + TRAIN.length / 2 + "-"));
        }
    }

    @Test
    void partialFileIsResumedOnTheNextRun() throws IOException {
        Files.write(out.resolve(SyntheticIrmas.TRAIN_ZIP + ".part"), java.util.Arrays.copyOf(TRAIN, 1000));
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            new IrmasDownloader(settings(server).withParts(EnumSet.of(IrmasPart.TRAIN)),
                    DownloadProgress.Factory.SILENT).run().orThrow();

            assertTrainingUnpacked();
            assertThat(server.requests()).containsExactly(
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, "bytes=1000-"));
        }
    }

    @Test
    void partialFileLongerThanTheArchiveIsQuarantinedThenFetchedAfresh() throws IOException {
        byte[] tooLong = java.util.Arrays.copyOf(TRAIN, TRAIN.length + 10);
        Files.write(out.resolve(SyntheticIrmas.TRAIN_ZIP + ".part"), tooLong);
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            DownloadSettings s = settings(server).withParts(EnumSet.of(IrmasPart.TRAIN));
            // The server answers 416 to a range past its end; the checksum then rejects the file.
            assertThatThrownBy(() -> new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow())
                    .hasMessageContaining("does not match the published");
            new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow();

            assertTrainingUnpacked();
            assertThat(server.requests()).containsExactly(
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, "bytes=" + tooLong.length + "-"),
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, null));
        }
    }

    @Test
    void secondRunInTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() throws IOException {
        Files.createDirectories(out);
        try (var channel = java.nio.channels.FileChannel.open(out.resolve(IrmasDownloader.LOCK),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var held = channel.lock()) {
            DownloadSettings s = DownloadSettings.zenodo(out).withManifest(MANIFEST);
            assertThatThrownBy(() -> new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run())
                    .hasMessage(out + ": another timbre download is working in this directory");
        }
    }

    @Test
    void serverIgnoringRangeRestartsTheFileFromItsFirstByte() throws IOException {
        // A partial file whose bytes are wrong: appending the full answer to it would fail the checksum.
        byte[] stale = new byte[1000];
        java.util.Arrays.fill(stale, (byte) 0x5a);
        Files.write(out.resolve(SyntheticIrmas.TRAIN_ZIP + ".part"), stale);
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.IGNORE_RANGE)) {
            new IrmasDownloader(settings(server).withParts(EnumSet.of(IrmasPart.TRAIN)),
                    DownloadProgress.Factory.SILENT).run().orThrow();

            assertTrainingUnpacked();
            assertThat(server.requests()).containsExactly(
                    new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, "bytes=1000-"));
        }
    }

    @Test
    void serviceUnavailableIsRetriedWithBackOff() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST),
                StandInServer.Behaviour.UNAVAILABLE_TWICE)) {
            new IrmasDownloader(settings(server).withParts(EnumSet.of(IrmasPart.TRAIN)),
                    DownloadProgress.Factory.SILENT).run().orThrow();

            assertTrainingUnpacked();
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void persistentServerErrorGivesUpWithOneLineAfterTheConfiguredTries() throws IOException {
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.ALWAYS_500)) {
            assertThatThrownBy(() -> new IrmasDownloader(settings(server), DownloadProgress.Factory.SILENT).run().orThrow())
                    .isInstanceOf(DownloadFailedException.class)
                    .hasMessage(server.baseUrl() + SyntheticIrmas.TRAIN_ZIP
                            + ": giving up after 4 tries in a row: HTTP 500")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                            .isEqualTo(server.baseUrl() + SyntheticIrmas.TEST_ZIP
                                    + ": giving up after 4 tries in a row: HTTP 500"));
            assertThat(server.requests()).hasSize(8);
            assertThat(out.resolve("IRMAS-TrainingData")).doesNotExist();
        }
    }

    @Test
    void missingFileFailsAtOnceWithoutRetrying() throws IOException {
        try (StandInServer server = new StandInServer(Map.of(), StandInServer.Behaviour.NORMAL)) {
            assertThatThrownBy(() -> new IrmasDownloader(settings(server), DownloadProgress.Factory.SILENT).run().orThrow())
                    .isInstanceOf(DownloadFailedException.class)
                    .hasMessage(server.baseUrl() + SyntheticIrmas.TRAIN_ZIP + ": HTTP 404");
            assertThat(server.requests()).extracting(StandInServer.Request::file)
                    .containsExactly(SyntheticIrmas.TRAIN_ZIP, SyntheticIrmas.TEST_ZIP);
        }
    }

    @Test
    void refusedConnectionGivesUpWithOneLine() throws IOException {
        java.net.URI dead;
        try (StandInServer server = new StandInServer(Map.of(), StandInServer.Behaviour.NORMAL)) {
            dead = server.baseUrl();
        }
        DownloadSettings s = DownloadSettings.zenodo(out).withBaseUrl(dead).withManifest(MANIFEST).withRetry(FAST);
        assertThatThrownBy(() -> new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow())
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageStartingWith(dead + SyntheticIrmas.TRAIN_ZIP + ": giving up after 4 tries in a row: ")
                // The JDK's ConnectException carries no message; the reason names its cause instead.
                .hasMessageNotContaining("null")
                .hasMessageContaining("ConnectException")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void corruptedArchiveIsQuarantinedNothingOfItIsExtractedAndTheNextArchiveStillInstalls() throws IOException {
        byte[] corrupted = TRAIN.clone();
        corrupted[corrupted.length / 3] ^= 0x01;
        try (StandInServer server = new StandInServer(served(corrupted, TEST), StandInServer.Behaviour.NORMAL)) {
            DownloadReport report = new IrmasDownloader(settings(server), DownloadProgress.Factory.SILENT).run();

            assertThat(report.succeeded()).isFalse();
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.archive().fileName()).isEqualTo(SyntheticIrmas.TRAIN_ZIP);
                assertThat(f.message()).isEqualTo(SyntheticIrmas.TRAIN_ZIP + ": MD5 " + Md5.of(corrupted)
                        + " does not match the published " + Md5.of(TRAIN) + "; moved to "
                        + out.resolve(SyntheticIrmas.TRAIN_ZIP + ".corrupt") + ", nothing extracted");
            });
            assertThat(report.results()).extracting(r -> r.archive().fileName())
                    .containsExactly(SyntheticIrmas.TEST_ZIP);
            assertThat(topLevel()).containsExactly(IrmasDownloader.LOCK, "IRMAS-TestingData-Part1",
                    SyntheticIrmas.TRAIN_ZIP + ".corrupt");
            assertThat(out.resolve(SyntheticIrmas.TRAIN_ZIP + ".corrupt")).hasBinaryContent(corrupted);
            assertThatThrownBy(report::orThrow).hasMessageStartingWith(SyntheticIrmas.TRAIN_ZIP + ": MD5 ");
        }
    }

    @Test
    void corruptDownloadIsFetchedAfreshOnceTheServerIsFixed() throws IOException {
        byte[] corrupted = TRAIN.clone();
        corrupted[10] ^= 0x01;
        DownloadSettings s;
        try (StandInServer bad = new StandInServer(served(corrupted, TEST), StandInServer.Behaviour.NORMAL)) {
            s = settings(bad).withParts(EnumSet.of(IrmasPart.TRAIN));
            assertThatThrownBy(() -> new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow())
                    .hasMessageContaining("does not match");
        }
        try (StandInServer good = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            new IrmasDownloader(s.withBaseUrl(good.baseUrl()), DownloadProgress.Factory.SILENT).run().orThrow();
            assertTrainingUnpacked();
            assertThat(good.requests()).containsExactly(new StandInServer.Request(SyntheticIrmas.TRAIN_ZIP, null));
        }
    }

    @Test
    void zipSlipEntryIsRefusedAndNothingLandsOutsideOrLooksComplete() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IRMAS-TrainingData/cel/[cel][cla]0001__1.wav", SyntheticIrmas.wav(100, 1));
        entries.put("IRMAS-TrainingData/../../escaped.wav", SyntheticIrmas.wav(100, 2));
        byte[] evil = SyntheticIrmas.zip(entries);
        IrmasManifest manifest = SyntheticIrmas.manifest(evil, TEST);
        Path dir = out.resolve("data");
        try (StandInServer server = new StandInServer(served(evil, TEST), StandInServer.Behaviour.NORMAL)) {
            DownloadSettings s = DownloadSettings.zenodo(dir).withBaseUrl(server.baseUrl())
                    .withManifest(manifest).withRetry(FAST);
            assertThatThrownBy(() -> new IrmasDownloader(s, DownloadProgress.Factory.SILENT).run().orThrow())
                    .isInstanceOf(IOException.class)
                    .hasMessage(SyntheticIrmas.TRAIN_ZIP
                            + ": entry 'IRMAS-TrainingData/../../escaped.wav' climbs out with '..'; refused");
        }
        assertThat(out.resolve("escaped.wav")).doesNotExist();
        assertThat(dir.resolve("IRMAS-TrainingData")).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            // The verified archive stays for inspection; no staging folder survives.
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(IrmasDownloader.LOCK,
                    SyntheticIrmas.TRAIN_ZIP, "IRMAS-TestingData-Part1");
        }
    }

    @Test
    void existingFolderWithoutMarkerIsNotTakenForComplete() throws IOException {
        Files.createDirectories(out.resolve("IRMAS-TrainingData/cel"));
        try (StandInServer server = new StandInServer(served(TRAIN, TEST), StandInServer.Behaviour.NORMAL)) {
            assertThatThrownBy(() -> new IrmasDownloader(settings(server), DownloadProgress.Factory.SILENT).run().orThrow())
                    .isInstanceOf(IOException.class)
                    .hasMessage(out.resolve("IRMAS-TrainingData") + ": exists but has no "
                            + IrmasDownloader.MARKER
                            + " (not unpacked by timbre download, or by an older run); move it away and run again");
            // The user's folder is left as it was, and nothing is fetched for it.
            assertThat(out.resolve("IRMAS-TrainingData/cel")).isEmptyDirectory();
            assertThat(server.requests()).extracting(StandInServer.Request::file)
                    .containsExactly(SyntheticIrmas.TEST_ZIP);
        }
    }
}
