package dev.timbre.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code predict --out} splits a results file into records, wherever the reads happen to break it. */
class ResultsFileTest {

    private static final String CSV = "file,model\r\n"
            + "\"a \"\"quoted\"\", two\r\nline name.wav\",m\r\n"
            + "plain.wav,\"\"\r\n"
            + "\"été.wav\",m\r\n"
            + "\"torn \"\"";

    @Test
    void csvRecordsAreTheSameWhetherReadWholeOrAByteAtATime() throws IOException {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        List<List<String>> whole = new ArrayList<>();
        long wholeLength = ResultsFile.records(new ByteArrayInputStream(bytes), true, whole::add);
        List<List<String>> dribbled = new ArrayList<>();
        long dribbledLength = ResultsFile.records(oneByteAtATime(bytes), true, dribbled::add);

        assertThat(whole).containsExactly(List.of("file", "model"),
                List.of("a \"quoted\", two\r\nline name.wav", "m"), List.of("plain.wav", ""),
                List.of("été.wav", "m"));
        assertThat(dribbled).isEqualTo(whole);
        assertThat(wholeLength).isEqualTo(dribbledLength)
                .isEqualTo(bytes.length - "\"torn \"\"".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void jsonLinesAreLinesWhateverQuotesTheyHold() throws IOException {
        byte[] bytes = "{\"file\":\"a,\\\"b\\\"\"}\n{\"file\":\"c\"}\n{\"fi".getBytes(StandardCharsets.UTF_8);
        List<List<String>> lines = new ArrayList<>();
        long length = ResultsFile.records(oneByteAtATime(bytes), false, lines::add);
        assertThat(lines).containsExactly(List.of("{\"file\":\"a,\\\"b\\\"\"}"), List.of("{\"file\":\"c\"}"));
        assertThat(length).isEqualTo(bytes.length - "{\"fi".length());
    }

    @Test
    void aFileIsKnownWhateverSpellingOfItsPathTheRunsUsed() {
        String here = java.nio.file.Path.of("").toAbsolutePath().toString();
        String song = java.nio.file.Path.of(here, "music", "song.wav").toString();
        assertThat(List.of("music/song.wav", "./music/song.wav", "music//song.wav", "music/./song.wav",
                "other/../music/song.wav", song, here + "/music/x/../song.wav"))
                .allSatisfy(name -> assertThat(ResultsFile.key(name)).as(name).isEqualTo(song));
        assertThat(ResultsFile.key("/a/b.wav")).isEqualTo("/a/b.wav");
        assertThat(ResultsFile.key("music/Song.wav")).isNotEqualTo(song);
    }

    private static InputStream oneByteAtATime(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
