package dev.timbre.spark;

import dev.timbre.bundle.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.bundle.ModelBundle;
import dev.timbre.cli.TimbreCli;
import dev.timbre.predict.BundledModel;
import dev.timbre.testing.SharedData;
import dev.timbre.testing.TinyBundle;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Spark job in {@code local[2]} on synthesized and real files, against {@code timbre predict --format json
 * --timeline} on the same files in the same JVM, whatever model is bundled: the same files, instruments, scores and
 * timelines, the undecodable file as a row with predict's error, and resumption by path and modification time.
 */
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagAudioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Scores are rounded to 1e-4; a thread count that differs between the two runs may move the last digit. */
    private static final double SCORE_TOLERANCE = 1.01e-4;

    @TempDir
    static Path dir;

    private SparkSession spark;
    private Path music;
    private Path out;
    private boolean ffmpeg;
    private List<String> inputs;
    private TagResult first;
    private Map<Path, Row> rows;
    private Map<Path, JsonNode> predicted;
    private Map<Path, String> predictErrors;

    @BeforeAll
    void tagAndPredict() throws Exception {
        music = Files.createDirectories(dir.resolve("music"));
        Files.createDirectories(music.resolve("synth/deeper"));
        WavWriter.write16(music.resolve("synth/chord.wav"), chord(44_100, 2, 4.0));
        WavWriter.write16(music.resolve("synth/deeper/chord-22050-mono.wav"), chord(22_050, 1, 7.0));
        // A RIFF/WAVE header whose format chunk breaks off.
        Files.write(music.resolve("bad.wav"), new byte[]{'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'A', 'V', 'E',
                'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0});
        Files.writeString(music.resolve("notes.txt"), "not audio");
        Path irmas = SharedData.irmasSample();
        // A real clip whose name has glob characters, with an upper-case extension.
        Files.copy(irmas.resolve("IRMAS-TrainingData/cel/031__[cel][nod][cla]0020__1.wav"),
                music.resolve("031__[cel][nod][cla]0020__1.WAV"));
        ffmpeg = onPath("ffmpeg");
        if (ffmpeg) {
            Files.createDirectories(music.resolve("encoded"));
            encode(music.resolve("synth/chord.wav"), music.resolve("encoded/chord.mp3"), "libmp3lame");
            encode(music.resolve("synth/chord.wav"), music.resolve("encoded/chord.flac"), "flac");
        } else {
            System.err.println("TagAudioTest: ffmpeg is not on the PATH, so no MP3 or FLAC file is tagged "
                    + "(Debian: apt-get install ffmpeg)");
        }
        Path testing = irmas.resolve("IRMAS-TestingData-Part1");
        String celloGlob = irmas.resolve("IRMAS-TrainingData/cel").toString() + "/cello-0[12].wav";
        inputs = List.of(music.toString(), celloGlob, testing.toString());

        spark = SparkSession.builder().master("local[2]").appName("TagAudioTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                .config("spark.hadoop.fs." + OtherFileSystem.SCHEME + ".impl", OtherFileSystem.class.getName())
                .getOrCreate();
        out = dir.resolve("tags");
        first = TagAudio.tag(spark, TagRequest.of(out.toString(), inputs).withTimeline(true).withPartitions(3));
        rows = readRows(out);

        List<String> predictArgs = new ArrayList<>(List.of("predict", "--format", "json", "--timeline",
                music.toString(), testing.toString()));
        predictArgs.add(irmas.resolve("IRMAS-TrainingData/cel/cello-01.wav").toString());
        predictArgs.add(irmas.resolve("IRMAS-TrainingData/cel/cello-02.wav").toString());
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = TimbreCli.commandLine(new PrintWriter(stdout), new PrintWriter(stderr))
                .execute(predictArgs.toArray(String[]::new));
        assertThat(code).as("predict's exit code with one bad file; stderr: %s", stderr).isEqualTo(2);
        predicted = new HashMap<>();
        for (String line : stdout.toString().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                predicted.put(Path.of(n.get("file").asText()).toAbsolutePath().normalize(), n);
            }
        }
        predictErrors = new HashMap<>();
        Path bad = music.resolve("bad.wav");
        for (String line : stderr.toString().split("\n")) {
            if (line.startsWith(bad.toString())) {
                predictErrors.put(bad, line.strip());
            }
        }
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void everyAudioFileIsOneRowAndNothingElse() {
        List<Path> expected = new ArrayList<>(predicted.keySet());
        expected.addAll(predictErrors.keySet());
        int audioFiles = ffmpeg ? 9 : 7;
        assertThat(expected).hasSize(audioFiles);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(first.found()).isEqualTo(audioFiles);
        assertThat(first.alreadyTagged()).isZero();
        assertThat(first.tagged()).isEqualTo(audioFiles);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.commits()).isEqualTo(1);
    }

    @Test
    void instrumentsScoresAndTimelinesAreThoseOfPredict() {
        assertThat(predicted).isNotEmpty();
        for (Map.Entry<Path, JsonNode> e : predicted.entrySet()) {
            Row row = rows.get(e.getKey());
            JsonNode p = e.getValue();
            String file = e.getKey().toString();
            assertThat(row.<String>getAs("error")).as(file).isNull();

            List<String> codes = new ArrayList<>();
            p.get("instruments").forEach(i -> codes.add(i.get("code").asText()));
            List<Row> instruments = row.getList(row.fieldIndex("instruments"));
            assertThat(instruments.stream().map(i -> i.<String>getAs("code")).toList()).as(file).isEqualTo(codes);
            for (int i = 0; i < instruments.size(); i++) {
                JsonNode pi = p.get("instruments").get(i);
                assertThat(instruments.get(i).<String>getAs("name")).isEqualTo(pi.get("name").asText());
                assertThat(instruments.get(i).<Double>getAs("score"))
                        .isCloseTo(pi.get("score").asDouble(), within(SCORE_TOLERANCE));
            }
            assertScores(file, row.getJavaMap(row.fieldIndex("scores")), p.get("scores"));

            List<Row> timeline = row.getList(row.fieldIndex("timeline"));
            assertThat(timeline).as(file).hasSize(p.get("timeline").size());
            for (int w = 0; w < timeline.size(); w++) {
                JsonNode pw = p.get("timeline").get(w);
                assertThat(timeline.get(w).<Double>getAs("start")).isEqualTo(pw.get("start").asDouble());
                assertThat(timeline.get(w).<Double>getAs("end")).isEqualTo(pw.get("end").asDouble());
                assertScores(file + " window " + w, timeline.get(w).getJavaMap(2), pw.get("scores"));
            }
            assertThat(row.<String>getAs("modelName")).isEqualTo(bundledName());
            assertThat(row.<String>getAs("modelVersion")).matches("sha256:[0-9a-f]{16}");
        }
        assertThat(rows.get(music.resolve("synth/chord.wav")).<Double>getAs("durationSeconds")).isEqualTo(4.0);
        assertThat(rows.get(music.resolve("synth/deeper/chord-22050-mono.wav")).<Double>getAs("durationSeconds"))
                .isEqualTo(7.0);
    }

    @Test
    void aFileThatCannotBeDecodedIsARowWithPredictsError() {
        Path bad = music.resolve("bad.wav");
        assertThat(predictErrors).containsKey(bad);
        Row row = rows.get(bad);
        assertThat(row.<String>getAs("error")).isEqualTo(predictErrors.get(bad));
        assertThat(row.<Object>getAs("instruments")).isNull();
        assertThat(row.<Object>getAs("scores")).isNull();
        assertThat(row.<Object>getAs("durationSeconds")).isNull();
        assertThat(row.<String>getAs("modelName")).isEqualTo(bundledName());
    }

    @Test
    void mp3AndFlacAreDecodedAndTagged() {
        assumeTrue(ffmpeg, "ffmpeg is not on the PATH: no MP3 or FLAC file was made");
        for (String name : List.of("encoded/chord.mp3", "encoded/chord.flac")) {
            Row row = rows.get(music.resolve(name));
            assertThat(row.<String>getAs("error")).as(name).isNull();
            assertThat(row.<Double>getAs("durationSeconds")).as(name).isCloseTo(4.0, within(0.1));
            assertThat(predicted).containsKey(music.resolve(name));
        }
    }

    @Test
    void aSecondRunAddsNoRowsAndAChangedFileIsTaggedAgain() throws Exception {
        Path tags = dir.resolve("resumed");
        TagRequest request = TagRequest.of(tags.toString(), List.of(music.toString())).withPartitions(2);
        TagResult once = TagAudio.tag(spark, request);
        long rowsOnce = spark.read().parquet(tags.toString()).count();
        List<Path> filesOnce = dataFiles(tags);

        TagResult twice = TagAudio.tag(spark, request);
        assertThat(twice.tagged()).isZero();
        assertThat(twice.alreadyTagged()).isEqualTo(once.found());
        assertThat(twice.commits()).isZero();
        assertThat(spark.read().parquet(tags.toString()).count()).isEqualTo(rowsOnce);
        assertThat(dataFiles(tags)).isEqualTo(filesOnce);

        Path changed = music.resolve("synth/chord.wav");
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 60_000);
        Files.setLastModifiedTime(changed, later);
        try {
            TagResult third = TagAudio.tag(spark, request);
            assertThat(third.tagged()).isEqualTo(1);
            List<Row> forChanged = spark.read().parquet(tags.toString()).collectAsList().stream()
                    .filter(r -> localPath(r.getAs("path")).equals(changed)).toList();
            assertThat(forChanged).hasSize(2);
            assertThat(forChanged.stream().map(r -> r.<Timestamp>getAs("modificationTime").getTime()))
                    .contains(later.toMillis());
        } finally {
            Files.setLastModifiedTime(changed, FileTime.fromMillis(later.toMillis() - 60_000));
        }
    }

    @Test
    void anOutputOfAnotherModelIsRefusedAndLeftAsItWas() throws Exception {
        Path tags = dir.resolve("another-model");
        TagRequest request = TagRequest.of(tags.toString(), List.of(music.resolve("synth").toString()));
        assertThat(TagAudio.tag(spark, request).tagged()).isEqualTo(2);
        List<Path> files = dataFiles(tags);

        String other = TinyBundle.write(dir.resolve("tiny-model"), 2, 7, "s2:0.4").location();
        assertThatThrownBy(() -> TagAudio.tag(spark, request.withModel(other)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tags.toString())
                .hasMessageContaining("holds rows of another model");
        assertThat(dataFiles(tags)).isEqualTo(files);
        assertThat(spark.read().parquet(tags.toString()).count()).isEqualTo(2);
    }

    @Test
    void aBundleDirectoryIsShippedAndTagsAsTheBundledModelDoes() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle-copy"));
        for (String f : List.of(RunDirectory.MANIFEST, RunDirectory.WEIGHTS)) {
            try (InputStream in = BundledModel.class.getResourceAsStream(BundledModel.RESOURCE + f)) {
                Files.copy(in, bundle.resolve(f));
            }
        }
        Path tags = dir.resolve("shipped");
        TagResult r = TagAudio.tag(spark, TagRequest.of(tags.toString(), List.of(music.resolve("synth").toString()))
                .withModel(bundle.toString()));
        assertThat(r.tagged()).isEqualTo(2);
        Map<Path, Row> shipped = readRows(tags);
        for (Map.Entry<Path, Row> e : shipped.entrySet()) {
            Row bundled = rows.get(e.getKey());
            assertThat(e.getValue().<String>getAs("modelVersion")).isEqualTo(bundled.getAs("modelVersion"));
            assertThat(e.getValue().<String>getAs("modelName")).isEqualTo(bundled.getAs("modelName"));
            assertThat(e.getValue().<Object>getAs("timeline")).isNull();
            assertScores(e.getKey().toString(), e.getValue().getJavaMap(e.getValue().fieldIndex("scores")),
                    JSON.valueToTree(bundled.getJavaMap(bundled.fieldIndex("scores"))));
        }
    }

    @Test
    void filesOnAnotherFileSystemAreCopiedAndErrorsNameThemNotTheCopy() throws Exception {
        Path remote = Files.createDirectories(dir.resolve("remote"));
        Files.copy(music.resolve("synth/chord.wav"), remote.resolve("chord.wav"));
        Files.copy(music.resolve("bad.wav"), remote.resolve("bad.wav"));
        String input = OtherFileSystem.SCHEME + "://" + remote;
        Path tags = dir.resolve("from-other-fs");
        TagResult r = TagAudio.tag(spark, TagRequest.of(tags.toString(), List.of(input)));
        assertThat(r.tagged()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(1);
        Row local = rows.get(music.resolve("synth/chord.wav"));
        for (Row row : spark.read().parquet(tags.toString()).collectAsList()) {
            String path = row.getAs("path");
            assertThat(path).startsWith(OtherFileSystem.SCHEME + ":");
            if (path.endsWith("bad.wav")) {
                assertThat(row.<String>getAs("error")).startsWith(path + ": ")
                        .isEqualTo(predictErrors.get(music.resolve("bad.wav"))
                                .replace(music.resolve("bad.wav").toString(), path));
            } else {
                assertThat(row.<String>getAs("error")).isNull();
                assertScores(path, row.getJavaMap(row.fieldIndex("scores")),
                        JSON.valueToTree(local.getJavaMap(local.fieldIndex("scores"))));
            }
        }
    }

    @Test
    void commitsSplitTheFilesAndEachFileIsWrittenOnce() throws Exception {
        Path tags = dir.resolve("in-commits");
        TagResult r = TagAudio.tag(spark, TagRequest.of(tags.toString(), List.of(music.toString()))
                .withFilesPerCommit(2).withPartitions(2));
        assertThat(r.commits()).isEqualTo((int) ((r.found() + 1) / 2)).isGreaterThan(1);
        assertThat(r.tagged()).isEqualTo(r.found());
        List<Row> written = spark.read().parquet(tags.toString()).collectAsList();
        assertThat(written).hasSize((int) r.found());
        assertThat(written.stream().map(w -> w.<String>getAs("path")).distinct()).hasSize((int) r.found());
    }

    @Test
    void theParquetReadsBackWithSparkSql() {
        List<Row> top = spark.sql("SELECT path, inst.name, inst.score FROM parquet.`" + out
                + "` LATERAL VIEW explode(instruments) t AS inst WHERE error IS NULL ORDER BY path, inst.score DESC")
                .collectAsList();
        long instruments = predicted.values().stream().mapToLong(p -> p.get("instruments").size()).sum();
        assertThat(top).hasSize((int) instruments);
        Row failed = spark.sql("SELECT count(*) FROM parquet.`" + out + "` WHERE error IS NOT NULL").first();
        assertThat(failed.getLong(0)).isEqualTo(1);
    }

    @Test
    void badRequestsFailWithOneLine() throws Exception {
        Path onlyText = Files.createDirectories(dir.resolve("no-audio"));
        Files.writeString(onlyText.resolve("readme.txt"), "text");
        assertThatThrownBy(() -> TagAudio.tag(spark, TagRequest.of(dir.resolve("x").toString(),
                List.of(onlyText.toString())))).isInstanceOf(IOException.class).hasMessageStartingWith("no audio files");
        assertThatThrownBy(() -> TagAudio.tag(spark, TagRequest.of(music.resolve("bad.wav").toString(),
                List.of(music.toString())))).isInstanceOf(IOException.class).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> TagAudio.tag(spark, TagRequest.of(dir.resolve("y").toString(),
                List.of(music.toString())).withModel(music.toString())))
                .isInstanceOf(IOException.class).hasMessageContaining("not a complete model bundle");

        String missing = dir.resolve("nowhere").toString();
        assertOneLine(new String[]{"--out", dir.resolve("o").toString(), missing},
                missing + ": no such file or directory");
        assertOneLine(new String[]{"--out", dir.resolve("o").toString(), dir + "/*.nothing"},
                dir + "/*.nothing: the pattern matches no file");
        assertOneLine(new String[]{"--out", dir.resolve("o").toString(), "--model", missing, music.toString()},
                missing + ": not a model bundle directory (no such directory)");
        assertOneLine(new String[]{"--out", dir.resolve("o").toString(), "--partitions", "-1", music.toString()},
                "partitions must be 0 (automatic) or more, got -1");
        assertOneLine(new String[]{"--out", dir.resolve("o").toString(), "--partitions", "many", music.toString()},
                "Invalid value for option '--partitions': 'many' is not an int (--help lists the options)");
        assertOneLine(new String[]{music.toString()},
                "Missing required option: '--out=DIR' (--help lists the options)");
    }

    private static void assertOneLine(String[] args, String message) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = TagAudioCommand.commandLine(new PrintWriter(stdout), new PrintWriter(stderr)).execute(args);
        assertThat(code).as(String.join(" ", args)).isEqualTo(TagAudioCommand.USER_ERROR);
        assertThat(stderr.toString()).isEqualTo("TagAudio: " + message + System.lineSeparator());
        assertThat(stdout.toString()).isEmpty();
    }

    private static void assertScores(String what, Map<String, Double> actual, JsonNode expected) {
        assertThat(actual).as(what).hasSize(expected.size());
        expected.fields().forEachRemaining(f ->
                assertThat(actual.get(f.getKey())).as(what + " " + f.getKey())
                        .isCloseTo(f.getValue().asDouble(), within(SCORE_TOLERANCE)));
    }

    private Map<Path, Row> readRows(Path parquet) {
        Map<Path, Row> byFile = new HashMap<>();
        for (Row r : spark.read().parquet(parquet.toString()).collectAsList()) {
            assertThat(byFile.put(localPath(r.getAs("path")), r)).as("one row per file").isNull();
        }
        return byFile;
    }

    private static Path localPath(String hadoopPath) {
        URI uri = new org.apache.hadoop.fs.Path(hadoopPath).toUri();
        return Path.of(uri).toAbsolutePath().normalize();
    }

    private static List<Path> dataFiles(Path parquet) throws IOException {
        try (Stream<Path> s = Files.list(parquet)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private static String bundledName() {
        try {
            return BundledModel.read().manifest().name();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** An A major triad of harmonic tones that swell and fade, {@code (channels, frames)}. */
    private static AudioClip chord(int rate, int channels, double seconds) {
        int n = (int) Math.round(rate * seconds);
        float[][] x = new float[channels][n];
        double[] notes = {220.0, 277.18, 329.63};
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double envelope = Math.sin(Math.PI * t / seconds);
            double v = 0;
            for (double f : notes) {
                for (int h = 1; h <= 8 && f * h < rate / 2.0; h++) {
                    v += Math.sin(2 * Math.PI * f * h * t) / h;
                }
            }
            for (int c = 0; c < channels; c++) {
                x[c][i] = (float) (0.15 * envelope * v * (c == 0 ? 1.0 : 0.8));
            }
        }
        return new AudioClip(x, rate);
    }

    private static void encode(Path wav, Path target, String codec) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", wav.toString(),
                "-codec:a", codec, target.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("ffmpeg: %s", log).isZero();
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d.isEmpty() ? "." : d, name))) {
                return true;
            }
        }
        return false;
    }
}
