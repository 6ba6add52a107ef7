package dev.timbre.dataset.download;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownloadValuesTest {

    @Test
    void delayDoublesUpToTheCeiling() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofSeconds(20));
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.delayAfter(1000)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badPoliciesAndArchivesFailAtConstruction() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxAttempts must be at least 1, got 0");
        assertThatThrownBy(() -> IrmasArchive.of("x.zip", IrmasPart.TRAIN, "x", "abc"))
                .hasMessage("x.zip: MD5 must be 32 hex digits, got 'abc'");
        assertThatThrownBy(() -> IrmasArchive.of("../x.zip", IrmasPart.TRAIN, "x", "0".repeat(32)))
                .hasMessage("archive file name must be a plain name: '../x.zip'");
        assertThatThrownBy(() -> new IrmasArchive("x.zip", "x.zip", IrmasPart.TRAIN, "..", OptionalLong.empty(),
                "0".repeat(32))).hasMessage("top directory must be a plain name: '..'");
        assertThatThrownBy(() -> IrmasPart.fromCode("validation"))
                .hasMessage("unknown IRMAS part 'validation' (expected one of train, test)");
    }

    @Test
    void errorWithoutMessageIsDescribedByItsCauseChain() {
        var unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertThat(ResumableFetch.describe(unresolved)).isEqualTo("ConnectException / UnresolvedAddressException");
        var reset = new java.io.IOException(new java.net.SocketException("Connection reset"));
        assertThat(ResumableFetch.describe(reset)).isEqualTo("java.net.SocketException: Connection reset");
        assertThat(ResumableFetch.describe(new java.io.IOException("HTTP 503"))).isEqualTo("HTTP 503");
    }

    @Test
    void zenodoManifestSplitsTrainingFromTheThreeTestingArchives() {
        IrmasManifest m = IrmasManifest.zenodo();
        assertThat(m.archivesOf(java.util.EnumSet.of(IrmasPart.TRAIN)))
                .extracting(IrmasArchive::topDirectory).containsExactly("IRMAS-TrainingData");
        assertThat(m.archivesOf(java.util.EnumSet.of(IrmasPart.TEST)))
                .extracting(IrmasArchive::fileName).containsExactly("IRMAS-TestingData-Part1.zip",
                        "IRMAS-TestingData-Part2.zip", "IRMAS-TestingData-Part3.zip");
        assertThat(DownloadSettings.zenodo(java.nio.file.Path.of("d")).urlOf(m.archives().get(0)))
                .hasToString("https://zenodo.org/records/1290750/files/IRMAS-TrainingData.zip?download=1");
    }
}
