package dev.timbre.serve;

import dev.timbre.audio.UnsupportedAudioFormatException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AudioUploadTest {

    @Test
    void aDecoderMessageNamesTheClientsFileWhereverItQuotedTheTempFile() {
        Path temp = Path.of("/tmp/timbre-uploads-1/upload-42.mp3");
        AudioUpload upload = new AudioUpload(temp, "song.mp3");
        String ffmpegLike = "unrecognised audio format (ffmpeg: " + temp + ": Invalid data found when processing input)";
        assertThat(upload.describe(new UnsupportedAudioFormatException(temp, ffmpegLike)))
                .isEqualTo("song.mp3: unrecognised audio format (ffmpeg: song.mp3: Invalid data found when processing input)");
        assertThat(upload.describe("bad header in upload-42.mp3")).isEqualTo("song.mp3: bad header in song.mp3");
    }

    @Test
    void theClientsFileNameIsItsLastPathSegmentAndPrintable() {
        assertThat(UploadReceiver.clientName("C:\\Users\\me\\Music\\song.mp3")).isEqualTo("song.mp3");
        assertThat(UploadReceiver.clientName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(UploadReceiver.clientName("a\u0000b\nc.wav ")).isEqualTo("abc.wav");
        assertThat(UploadReceiver.clientName("dir/")).isEqualTo("upload");
        assertThat(UploadReceiver.clientName(null)).isEqualTo("upload");
    }

    @Test
    void onlyAPlainExtensionIsKeptForTheDecoder() {
        assertThat(UploadReceiver.extension("Song.MP3")).isEqualTo("mp3");
        assertThat(UploadReceiver.extension("take.1.flac")).isEqualTo("flac");
        assertThat(UploadReceiver.extension("noextension")).isEqualTo("audio");
        assertThat(UploadReceiver.extension("x.mp3;rm -rf")).isEqualTo("audio");
        assertThat(UploadReceiver.extension("x.averyveryverylongone")).isEqualTo("audio");
    }
}
