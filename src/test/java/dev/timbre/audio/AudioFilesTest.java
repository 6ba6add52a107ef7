package dev.timbre.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AudioFilesTest {

    @Test
    void aNamedLinkIsWalkedAtItsTargetAndTheLinksInsideAreFollowedToFilesOnly(@TempDir Path root) throws Exception {
        Path music = Files.createDirectories(root.resolve("music/album"));
        Files.writeString(music.resolve("a.wav"), "a");
        Files.writeString(root.resolve("elsewhere.flac"), "b");
        Files.createSymbolicLink(music.resolve("b.flac"), root.resolve("elsewhere.flac"));
        Files.createSymbolicLink(music.resolve("up"), root.resolve("music"));
        Path named = Files.createSymbolicLink(root.resolve("link"), root.resolve("music"));

        assertThat(AudioFiles.regularFilesUnder(named)).containsExactlyInAnyOrder(
                named.resolve("album/a.wav"), named.resolve("album/b.flac"));
        assertThat(AudioFiles.regularFilesUnder(root.resolve("music"))).containsExactlyInAnyOrder(
                music.resolve("a.wav"), music.resolve("b.flac"));
        Files.writeString(music.resolve("cover.jpg"), "c");
        assertThat(AudioFiles.audioFilesUnder(named)).containsExactly(
                named.resolve("album/a.wav"), named.resolve("album/b.flac"));
    }

    @Test
    void byNameTakesTheDecodedFormatsInAnyCaseAndLeavesMetadataOut() {
        assertThat(AudioFiles.byName(Path.of("x/Song.FLAC"))).isEqualTo(AudioFiles.Kind.AUDIO);
        assertThat(AudioFiles.byName(Path.of("x/cover.jpg"))).isEqualTo(AudioFiles.Kind.NOT_AUDIO);
        assertThat(AudioFiles.byName(Path.of("x/._Song.wav"))).isEqualTo(AudioFiles.Kind.NOT_AUDIO);
    }
}
