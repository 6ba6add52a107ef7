package dev.timbre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.AudioDecoder;
import dev.timbre.audio.WavWriter;
import dev.timbre.testing.FlacBytes;
import dev.timbre.testing.TinyBundle;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What README promises about {@code timbre predict}, on files and a model the test writes. */
class PredictContractTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String model;
    static Path good;

    @BeforeAll
    static void setUp() throws Exception {
        model = TinyBundle.write(dir.resolve("model"), 2, 1, "s2:0.4").location();
        good = wav(dir.resolve("good.wav"), 1);
    }

    static Path wav(Path p, long seed) throws Exception {
        Files.createDirectories(p.getParent());
        WavWriter.write16(p, new AudioClip(new float[][]{TinyCorpus.tone(300 + 50 * seed, 3, new Random(seed))},
                44_100));
        return p;
    }

    static EndToEndTest.Run predict(String... args) {
        List<String> all = new ArrayList<>(List.of("predict", "--model", model));
        all.addAll(List.of(args));
        return EndToEndTest.timbre(all.toArray(String[]::new));
    }

    @Test
    void aMissingInputIsReportedAndTheRestAreTagged() throws Exception {
        Path missing = dir.resolve("missing.wav");
        EndToEndTest.Run r = predict("--format", "json", good.toString(), missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(missing + ": no such file or directory").contains("1 of 2 files failed");
        assertThat(r.out().lines().toList()).singleElement()
                .satisfies(line -> assertThat(JSON.readTree(line).get("file").asText()).isEqualTo(good.toString()));
    }

    @Test
    void aFileReachedTwiceIsTaggedOnceWhereItFirstCame(@TempDir Path music) throws Exception {
        Path a = wav(music.resolve("a.wav"), 2);
        Path b = wav(music.resolve("b.wav"), 3);
        String respelled = music.resolve(".").resolve("a.wav").toString();
        EndToEndTest.Run r = predict("--format", "json", a.toString(), respelled, music.toString(), b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().map(l -> jsonField(l, "file")).toList())
                .containsExactly(a.toString(), b.toString());
        assertThat(r.err()).contains("3 files were named more than once and are taken once (" + respelled + ", "
                + a + ", " + b + ")");
    }

    @Test
    void aFolderNamedThroughASymbolicLinkIsWalkedAndItsFilesAreTaggedOnce(@TempDir Path music) throws Exception {
        Path a = wav(music.resolve("real/a.wav"), 2);
        Path link = Files.createSymbolicLink(music.resolve("link"), music.resolve("real"));
        EndToEndTest.Run r = predict("--format", "json", link.toString(), a.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().map(l -> jsonField(l, "file")).toList())
                .containsExactly(link.resolve("a.wav").toString());
        assertThat(r.err()).contains("1 file was named more than once and is taken once (" + a + ")");
    }

    @Test
    void aFolderWalkTakesEveryFormatTheDecodersOpenAndSaysWhatItSkipped(@TempDir Path music) throws Exception {
        wav(music.resolve("a/one.wav"), 2);
        Files.write(music.resolve("a/two.flac"), FlacBytes.escapeCoded(flacSamples(), 0));
        Files.writeString(music.resolve("a/notes.txt"), "liner notes");
        Files.write(music.resolve("a/voice.opus"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        EndToEndTest.Run r = predict("--format", "json", music.toString());
        List<String> tagged = r.out().lines().map(l -> jsonField(l, "file")).toList();
        assertThat(tagged).contains(music.resolve("a/one.wav").toString(), music.resolve("a/two.flac").toString());
        assertThat(r.err()).contains(music + ": skipped 1 file not named as audio (a/notes.txt)");
        if (AudioDecoder.ffmpegAvailable()) {
            assertThat(r.err()).as("tried, and this one is no audio").contains(music.resolve("a/voice.opus") + ": ");
            assertThat(r.code()).isEqualTo(2);
        } else {
            assertThat(r.err()).contains("skipped 1 file that only ffmpeg decodes").contains("a/voice.opus");
            assertThat(r.code()).isZero();
        }
    }

    static short[] flacSamples() {
        short[] s = new short[4 * FlacBytes.BLOCK];
        Random rng = new Random(4);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (rng.nextGaussian() * 3000);
        }
        return s;
    }

    static String jsonField(String line, String field) {
        try {
            return JSON.readTree(line).get(field).asText();
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    @Test
    void jsonLinesStayJsonWhenADecoderLibraryWouldPrint() throws Exception {
        Path flac = dir.resolve("escape.flac");
        Files.write(flac, FlacBytes.escapeCoded(flacSamples(), 0));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EndToEndTest.Run r;
        System.setOut(new PrintStream(printed, true));
        try {
            r = predict("--format", "json", flac.toString(), good.toString());
        } finally {
            System.setOut(stdout);
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(printed.toString()).as("nothing on the process's stdout besides the command's output").isEmpty();
        assertThat(r.out().lines()).hasSize(2).allSatisfy(l -> assertThat(JSON.readTree(l).isObject()).isTrue());
    }

    @Test
    void jsonCarriesTheServicesFieldsWithTheFileInFront() throws Exception {
        EndToEndTest.Run plain = predict("--format", "json", good.toString());
        JsonNode o = JSON.readTree(plain.out().strip());
        assertThat(fieldNames(o)).containsExactly("file", "instruments", "scores", "ruleScores", "durationSeconds",
                "rule", "model", "warnings");
        assertThat(o.get("durationSeconds").asDouble()).isEqualTo(3.0);
        assertThat(o.get("rule").asText()).isEqualTo("s2:0.4");
        assertThat(o.at("/model/name").asText()).isEqualTo("tiny-n2");
        assertThat(fieldNames(o.at("/instruments/0"))).containsExactly("code", "name", "score", "ruleScore");

        JsonNode withTimeline = JSON.readTree(predict("--format", "json", "--timeline", good.toString()).out()
                .strip());
        assertThat(fieldNames(withTimeline)).containsExactly("file", "instruments", "scores", "ruleScores",
                "timeline", "durationSeconds", "rule", "model", "warnings");
        assertThat(fieldNames(withTimeline.at("/timeline/0"))).containsExactly("start", "end", "silent", "scores");
    }

    @Test
    void theServiceAnswersWithTheSameObjectAsPredictWithoutTheFile(@TempDir Path uploads) throws Exception {
        JsonNode predicted = JSON.readTree(predict("--format", "json", "--timeline", good.toString()).out().strip());
        ((com.fasterxml.jackson.databind.node.ObjectNode) predicted).remove("file");
        try (var recognizer = dev.timbre.predict.InstrumentRecognizer.load(Path.of(model));
             var server = new dev.timbre.serve.RecognitionServer(recognizer, dev.timbre.serve.ServeLimits.defaults(),
                     uploads, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            server.start();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(good)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())).isEqualTo(predicted);
        }
    }

    static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void csvQuotesAFileNameWithANewlineAsRfc4180Says(@TempDir Path odd) throws Exception {
        Path nasty = wav(odd.resolve("two\nlines, \"quoted\".wav"), 3);
        EndToEndTest.Run r = predict("--format", "csv", nasty.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<List<String>> rows = parseCsv(r.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0)).isEqualTo("file");
        assertThat(rows.get(1)).hasSameSizeAs(rows.get(0));
        assertThat(rows.get(1).get(0)).isEqualTo(nasty.toString());
        assertThat(rows.get(1).get(rows.get(0).indexOf("rule"))).isEqualTo("s2:0.4");
    }

    /** A strict RFC 4180 reader: fields separated by commas, records by CRLF, quoted fields may hold both. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare line break or carriage return outside quotes").isNotIn('\n', '\r');
                field.append(c);
            }
        }
        assertThat(field.length() == 0 && row.isEmpty()).as("the text ends with a whole record").isTrue();
        return rows;
    }

    @Test
    void aTornLastLineInTheResultsIsDroppedBeforeAppending(@TempDir Path work) throws Exception {
        Path second = wav(work.resolve("second.wav"), 4);
        Path jsonl = work.resolve("results.jsonl");
        assertThat(predict("--format", "json", "--out", jsonl.toString(), good.toString()).code()).isZero();
        Files.writeString(jsonl, "{\"file\": \"" + second + "\", \"instru", java.nio.file.StandardOpenOption.APPEND);

        EndToEndTest.Run r = predict("--format", "json", "--out", jsonl.toString(), good.toString(),
                second.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dropped its torn last record");
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.stream().map(l -> jsonField(l, "file")))
                .containsExactly(good.toString(), second.toString());
    }

    @Test
    void resumingSkipsWhatThisModelTaggedAndRefusesAnotherModelsResults(@TempDir Path work) throws Exception {
        Path second = wav(work.resolve("second.wav"), 5);
        Path jsonl = work.resolve("results.jsonl");
        assertThat(predict("--format", "json", "--out", jsonl.toString(), good.toString()).code()).isZero();

        EndToEndTest.Run resumed = predict("--format", "json", "--out", jsonl.toString(), good.toString(),
                second.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("1 of 2 files already tagged there by this model; tagging the other 1");
        assertThat(Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(l -> jsonField(l, "file")))
                .containsExactly(good.toString(), second.toString());
        // Another spelling of the same files (relative to the working directory, with a detour) is the same files.
        Path here = Path.of("").toAbsolutePath();
        String detour = here.relativize(work).resolve("..").resolve(work.getFileName()).resolve("second.wav")
                .toString();
        EndToEndTest.Run respelled = predict("--format", "json", "--out", jsonl.toString(),
                here.relativize(good.toAbsolutePath()).toString(), detour);
        assertThat(respelled.err()).contains("all 2 files already tagged there by this model; nothing to tag");

        String other = TinyBundle.write(work.resolve("other-model"), 2, 7, "s2:0.4").location();
        Files.writeString(jsonl, "{\"file\": \"torn", java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(jsonl);
        EndToEndTest.Run refused = EndToEndTest.timbre("predict", "--model", other, "--format", "json", "--out",
                jsonl.toString(), good.toString(), second.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains(jsonl.toString())
                .contains("holds results of another model");
        assertThat(Files.readAllBytes(jsonl)).isEqualTo(before);
    }

    @Test
    void csvResultsResumeLikeJsonAndCarryTheWeightsTheyCameFrom(@TempDir Path work) throws Exception {
        Path second = wav(work.resolve("second, \"quoted\".wav"), 6);
        Path csv = work.resolve("results.csv");
        assertThat(predict("--format", "csv", "--out", csv.toString(), good.toString()).code()).isZero();
        Files.writeString(csv, "\"" + second + "\",3,s2:0.4,tor", java.nio.file.StandardOpenOption.APPEND);

        EndToEndTest.Run resumed = predict("--format", "csv", "--out", csv.toString(), good.toString(),
                second.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("dropped its torn last record")
                .contains("1 of 2 files already tagged there by this model; tagging the other 1");
        List<List<String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(rows).hasSize(3);
        int weights = rows.get(0).indexOf("weightsSha256");
        assertThat(rows.subList(1, 3)).extracting(row -> row.get(0)).containsExactly(good.toString(),
                second.toString());
        assertThat(rows.get(1).get(weights)).matches("[0-9a-f]{64}").isEqualTo(rows.get(2).get(weights));

        byte[] whole = Files.readAllBytes(csv);
        EndToEndTest.Run again = predict("--format", "csv", "--out", csv.toString(), good.toString(),
                second.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("all 2 files already tagged there by this model; nothing to tag");
        assertThat(Files.readAllBytes(csv)).isEqualTo(whole);

        String other = TinyBundle.write(work.resolve("other-model"), 2, 8, "s2:0.4").location();
        EndToEndTest.Run refused = EndToEndTest.timbre("predict", "--model", other, "--format", "csv", "--out",
                csv.toString(), good.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains(csv.toString())
                .contains("holds results of another model");
        assertThat(Files.readAllBytes(csv)).isEqualTo(whole);

        Path notOurs = Files.writeString(work.resolve("notes.csv"), "name,comment\r\nx,y\r\n");
        EndToEndTest.Run foreign = predict("--format", "csv", "--out", notOurs.toString(), good.toString());
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(foreign.err().strip()).hasLineCount(1).contains("its columns are not this model's CSV columns");
        assertThat(Files.readString(notOurs)).isEqualTo("name,comment\r\nx,y\r\n");
    }

    @Test
    void theTableSaysTheCalibratedScoreWithTheRulesStatisticAndWarnings() throws Exception {
        Path shortClip = dir.resolve("short.wav");
        WavWriter.write16(shortClip, new AudioClip(new float[][]{new float[2205]}, 44_100));
        EndToEndTest.Run r = predict("--timeline", shortClip.toString());
        assertThat(r.out()).contains("(0.05 s, s2:0.4)").contains("warning: the recording is 0.050 s long")
                .contains("no instrument found").contains(" silent");
        EndToEndTest.Run g = predict(good.toString());
        assertThat(g.out()).containsPattern("\\n  [a-z]{3} [a-z ]{16} [01]\\.[0-9]{2}  \\(s2 [01]\\.[0-9]{2}\\)");
    }
}
