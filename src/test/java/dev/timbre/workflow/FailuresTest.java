package dev.timbre.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The one line a failure gets: the JDK's file-system exceptions name the path alone, so the line adds why. */
class FailuresTest {

    @Test
    void aMissingFolderSaysSoBesideThePath(@TempDir Path dir) {
        Path inMissingFolder = dir.resolve("no-such-folder").resolve("tags.csv");
        Throwable t = catchThrowable(() -> Files.newBufferedWriter(inMissingFolder));
        assertThat(t.getMessage()).isEqualTo(inMissingFolder.toString());
        assertThat(Failures.message(t)).isEqualTo(inMissingFolder + ": no such file or directory");
        assertThat(Failures.describe(new UncheckedIOException((IOException) t)))
                .isEqualTo(inMissingFolder + ": no such file or directory");
    }

    @Test
    void anExistingFileAndAMessageWithItsOwnReasonKeepTheirWords(@TempDir Path dir) throws IOException {
        Path there = Files.createFile(dir.resolve("there"));
        assertThat(Failures.message(catchThrowable(() -> Files.createFile(there))))
                .isEqualTo(there + ": already exists");
        assertThat(Failures.message(catchThrowable(() -> Files.newBufferedWriter(dir))))
                .isEqualTo(dir + ": Is a directory");
        assertThat(Failures.message(new IOException("clip.wav: no format chunk"))).isEqualTo("clip.wav: no format chunk");
    }
}
