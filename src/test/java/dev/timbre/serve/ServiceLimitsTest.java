package dev.timbre.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.predict.InstrumentRecognizer;
import dev.timbre.predict.ModelCard;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.Recognizer;
import dev.timbre.testing.TinyBundle;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's limits bound the work they promise to bound, every refusal is JSON with one status per input
 * whatever the transport, and every request leaves one log line. Malformed requests go over a raw socket.
 */
class ServiceLimitsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static InstrumentRecognizer tiny;

    @TempDir
    Path uploads;
    RecognitionServer server;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        tiny = InstrumentRecognizer.of(TinyBundle.write(shared.resolve("tiny"), 2, 1, "s2:0.4"));
    }

    @AfterAll
    static void closeModel() {
        tiny.close();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private int start(Recognizer recognizer, ServeLimits limits) throws Exception {
        server = RecognitionServer.withTemporaryUploads(recognizer, limits, new InetSocketAddress("127.0.0.1", 0),
                log::add);
        server.start();
        uploads = server.uploadDir();
        return server.port();
    }

    static ServeLimits limits() {
        return new ServeLimits(2L << 20, 2.5, Duration.ofSeconds(30), 1, 4);
    }

    static byte[] wav(float[][] audio, int rate) throws IOException {
        Path p = Files.createTempFile(shared, "clip-", ".wav");
        WavWriter.write16(p, new AudioClip(audio, rate));
        return Files.readAllBytes(p);
    }

    static byte[] floatWav(float[][] audio) throws IOException {
        Path p = Files.createTempFile(shared, "clip-", ".wav");
        WavWriter.writeFloat32(p, new AudioClip(audio, 44_100));
        return Files.readAllBytes(p);
    }

    static float[][] tone(double seconds) {
        return new float[][]{java.util.Arrays.copyOf(TinyCorpus.tone(440, 3, new Random(2)), (int) (seconds * 44_100))};
    }

    private static JsonNode assertJsonError(RawHttp.Response r, int status) throws IOException {
        assertThat(r.status()).as(r.headers() + r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("org.")
                .doesNotContain("jetty").doesNotContain("upload-");
        return json;
    }

    private RawHttp.Response exchange(int port, byte[] request, boolean endInput) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request);
            if (endInput) {
                http.endInput();
            }
            return http.response();
        }
    }

    @Test
    void aBodyShorterThanItsLengthOrWithABadChunkIs400Json() throws Exception {
        int port = start(tiny, limits());
        assertJsonError(exchange(port, RawHttp.post("Content-Length: 1000\r\n", RawHttp.ascii("RIFFabc")), true), 400);
        assertJsonError(exchange(port, RawHttp.post("Transfer-Encoding: chunked\r\n",
                RawHttp.ascii("ZZZ\r\nabc\r\n0\r\n\r\n")), true), 400);
        assertNoUploadLeft();
    }

    @Test
    void aMultipartFileNameWithANulIs400WithoutInternalNames() throws Exception {
        int port = start(tiny, limits());
        byte[] body = RawHttp.ascii("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000b.wav\"\r\n"
                + "\r\nRIFFxxxx\r\n--B--\r\n");
        JsonNode error = assertJsonError(exchange(port, RawHttp.post("Content-Type: multipart/form-data; boundary=B\r\n",
                body), false), 400);
        assertThat(error.get("error").asText()).isEqualTo("malformed multipart body");
        assertNoUploadLeft();
    }

    @Test
    void twoFilesInOneMultipartBodyAreRefused() throws Exception {
        int port = start(tiny, limits());
        byte[] clip = wav(tone(1), 44_100);
        MultipartForm form = new MultipartForm().file("file", "a.wav", clip).file("other", "b.wav", clip);
        JsonNode error = assertJsonError(exchange(port, RawHttp.post("Content-Type: " + form.contentType() + "\r\n",
                form.bytes()), false), 400);
        assertThat(error.get("error").asText()).contains("2 files").contains("one file per request");
        assertNoUploadLeft();
    }

    /** The same bytes, as a raw body and as a multipart file with a telling name, get the same status. */
    @Test
    void theSameInputGetsTheSameStatusRawOrMultipart() throws Exception {
        int port = start(tiny, limits());
        byte[] noise = new byte[40_000];
        new Random(3).nextBytes(noise);
        noise[0] = 0;
        byte[] wav = wav(tone(1.5), 44_100);
        byte[] truncated = java.util.Arrays.copyOf(wav, 30);
        float[][] withNan = tone(1);
        withNan[0][500] = Float.NaN;
        byte[] absurdRate = wav.clone();
        ByteBuffer.wrap(absurdRate).order(ByteOrder.LITTLE_ENDIAN).putInt(24, Integer.MAX_VALUE);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("noise.mp3", new Object[]{noise, 415});
        cases.put("cut.wav", new Object[]{truncated, 400});
        cases.put("nan.wav", new Object[]{floatWav(withNan), 400});
        cases.put("rate.wav", new Object[]{absurdRate, 400});
        cases.put("long.wav", new Object[]{wav(tone(3), 44_100), 413});
        cases.put("empty.wav", new Object[]{new byte[0], 400});
        cases.put("silence.wav", new Object[]{wav(new float[1][44_100], 44_100), 200});
        cases.put("tone.wav", new Object[]{wav, 200});
        List<String> outcomes = new ArrayList<>();
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            byte[] bytes = (byte[]) c.getValue()[0];
            int expected = (int) c.getValue()[1];
            MultipartForm form = new MultipartForm().file("file", c.getKey(), bytes);
            RawHttp.Response raw = exchange(port, RawHttp.post("Content-Type: application/octet-stream\r\n", bytes),
                    false);
            RawHttp.Response multipart = exchange(port, RawHttp.post("Content-Type: " + form.contentType() + "\r\n",
                    form.bytes()), false);
            outcomes.add(c.getKey() + " raw " + raw.status() + " multipart " + multipart.status());
            for (RawHttp.Response r : List.of(raw, multipart)) {
                if (expected == 200) {
                    assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(200);
                } else {
                    assertJsonError(r, expected);
                }
            }
        }
        assertThat(outcomes).as("every case, both transports").hasSize(cases.size());
        assertNoUploadLeft();
    }

    @Test
    void aTrickledUploadIsCutOffAtTheMinimumRate() throws Exception {
        int port = start(tiny, limits().withUploadGuards(8, Duration.ofSeconds(1), 10_000));
        byte[] clip = wav(tone(1), 44_100);
        try (RawHttp http = new RawHttp(port)) {
            http.send(RawHttp.post("Content-Length: " + clip.length + "\r\n", new byte[0]));
            http.trickle(clip, 50, 100); // 500 bytes/s: far below 10,000
            JsonNode error = assertJsonError(http.response(), 408);
            assertThat(error.get("error").asText()).startsWith("upload too slow");
        }
        assertNoUploadLeft();
    }

    @Test
    void aClientThatStopsSendingIsCutOffAtTheReadTimeout() throws Exception {
        int port = start(tiny, limits().withUploadGuards(8, Duration.ofSeconds(1), 0));
        JsonNode error = assertJsonError(exchange(port, RawHttp.post("Content-Length: 100000\r\n",
                RawHttp.ascii("RIFF")), false), 408);
        assertThat(error.get("error").asText()).contains("read timeout");
        assertNoUploadLeft();
    }

    @Test
    void uploadsBeyondTheCapAreRefusedAtOnceAndTheFirstStillCompletes() throws Exception {
        int port = start(tiny, limits().withUploadGuards(1, Duration.ofSeconds(30), 0));
        byte[] clip = wav(tone(1), 44_100);
        try (RawHttp first = new RawHttp(port)) {
            first.send(RawHttp.post("Content-Length: " + clip.length + "\r\n",
                    java.util.Arrays.copyOf(clip, clip.length / 2)));
            // The first body is being received; wait until the server has taken it in (its upload file exists).
            awaitUploadFile();
            JsonNode busy = assertJsonError(exchange(port, RawHttp.post("", clip), false), 503);
            assertThat(busy.get("error").asText()).contains("too many uploads");
            first.send(java.util.Arrays.copyOfRange(clip, clip.length / 2, clip.length));
            assertThat(first.response().status()).isEqualTo(200);
        }
        assertThat(exchange(port, RawHttp.post("", clip), false).status()).as("the slot is free again").isEqualTo(200);
    }

    private void awaitUploadFile() throws Exception {
        for (int i = 0; i < 600; i++) {
            try (var files = Files.list(uploads)) {
                if (files.findAny().isPresent()) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first upload never reached the upload directory");
    }

    /** A recognizer that works until it is interrupted, then says so; later calls answer at once. */
    static final class StuckOnce implements Recognizer {
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile boolean stuck = true;

        @Override
        public Recognition recognize(Path audioFile, double maxSeconds) throws IOException {
            if (stuck) {
                stuck = false;
                try {
                    new CountDownLatch(1).await(); // until cancelled
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw new java.io.InterruptedIOException("cancelled");
                }
            }
            return tiny.recognize(audioFile, maxSeconds);
        }

        @Override
        public Recognition recognize(float[][] audio, int sampleRate) {
            return tiny.recognize(audio, sampleRate);
        }

        @Override
        public ModelCard card() {
            return tiny.card();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRecognitionThatTimesOutIsCancelledAndItsWorkerServesTheNext() throws Exception {
        StuckOnce recognizer = new StuckOnce();
        int port = start(recognizer, new ServeLimits(2L << 20, 600, Duration.ofSeconds(1), 1, 0));
        byte[] clip = wav(tone(1), 44_100);
        JsonNode error = assertJsonError(exchange(port, RawHttp.post("", clip), false), 503);
        assertThat(error.get("error").asText()).contains("timed out");
        assertThat(recognizer.interrupted.await(30, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
        assertThat(exchange(port, RawHttp.post("", clip), false).status()).isEqualTo(200);
    }

    @Test
    void everyRequestLeavesOneLogLineNamingTheClientsFile() throws Exception {
        int port = start(tiny, limits());
        byte[] clip = wav(tone(1), 44_100);
        MultipartForm form = new MultipartForm().file("file", "my \"song\".wav", clip);
        assertThat(exchange(port, RawHttp.post("Content-Type: " + form.contentType() + "\r\n", form.bytes()), false)
                .status()).isEqualTo(200);
        assertThat(exchange(port, RawHttp.post("", RawHttp.ascii("not audio at all")), false).status()).isEqualTo(415);
        assertThat(exchange(port, RawHttp.ascii("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"), false).status())
                .isEqualTo(404);
        assertThat(exchange(port, RawHttp.ascii("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(20_000)
                + "\r\n\r\n"), false).status()).isEqualTo(431);
        server.close(); // the log line is written as the request completes; closing waits for all of them
        server = null;
        // A line is written when its request completes, which may be after the client has its answer and has sent
        // the next request: the lines are checked one for each request, in whatever order they came.
        assertThat(log).hasSize(4);
        assertThat(log).filteredOn(l -> l.matches("POST /v1/recognize 200 in=\\d+ out=\\d+ ms=\\d+ "
                + "file=\"my \\\\\"song\\\\\".wav\"")).hasSize(1);
        assertThat(log).filteredOn(l -> l.matches("POST /v1/recognize 415 in=16 out=\\d+ ms=\\d+ file=\"upload\""))
                .hasSize(1);
        assertThat(log).filteredOn(l -> l.matches("GET /nope 404 in=0 out=\\d+ ms=\\d+")).hasSize(1);
        assertThat(log).filteredOn(l -> l.startsWith("GET /healthz 431 ")).hasSize(1);
    }

    @Test
    void aStoppedServerLeavesNoUploadDirectory() throws Exception {
        start(tiny, limits());
        Path dir = server.uploadDir();
        assertThat(dir.getFileName().toString()).startsWith("timbre-uploads-");
        Files.writeString(dir.resolve("left-over"), "x");
        server.close();
        server = null;
        assertThat(dir).doesNotExist();
    }

    private void assertNoUploadLeft() throws Exception {
        try (var files = Files.list(uploads)) {
            assertThat(files).isEmpty();
        }
    }
}
