package dev.timbre.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RecognitionServerTest {
    private static final Path SHARED = Path.of(System.getProperty("timbre.shared", "../shared"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path uploads;
    private RecognitionServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    private void start(ServeLimits limits) throws Exception {
        start(new WavTestRecognizer(0), limits);
    }

    private void start(WavTestRecognizer recognizer, ServeLimits limits) throws Exception {
        server = new RecognitionServer(recognizer, limits, uploads, new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(MultipartForm form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertNoUploadLeft() throws Exception {
        try (var files = Files.list(uploads)) { assertThat(files).isEmpty(); }
    }

    private static Path realClip() {
        Path clip = SHARED.resolve("irmas-sample/IRMAS-TrainingData/pia/piano-05.wav");
        assertThat(clip).as("IRMAS sample missing: " + clip).exists();
        return clip;
    }

    @Test
    void recognizesARealIrmasClipAndLeavesNoTempFile() throws Exception {
        start(ServeLimits.defaults());
        HttpResponse<String> response = post(Files.readAllBytes(realClip()));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("durationSeconds").asDouble()).isBetween(2.99, 3.01);
        assertThat(json.get("instruments").get(0).get("code").asText()).isEqualTo("pia");
        assertThat(json.get("timeline").size()).isEqualTo(3);
        assertThat(json.get("rule").asText()).isEqualTo("test:peak");
        try (var files = Files.list(uploads)) { assertThat(files).isEmpty(); }
    }

    @Test
    void errorsAreJsonWithFittingStatusesAndTempFilesAreDeleted() throws Exception {
        start(new ServeLimits(200_000, 600, Duration.ofSeconds(30), 1, 1));
        byte[] wav = Files.readAllBytes(realClip());
        assertStatus(post("OggS-not-a-wav".getBytes()), 415);
        byte[] truncated = new byte[30];
        System.arraycopy(wav, 0, truncated, 0, 30);
        assertStatus(post(truncated), 400);
        assertStatus(post(wav), 413);
        assertStatus(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString()), 404);
        assertStatus(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize")).build(),
                HttpResponse.BodyHandlers.ofString()), 405);
        try (var files = Files.list(uploads)) { assertThat(files).isEmpty(); }
    }

    @Test
    void aFullQueueAnswers503AtOnce() throws Exception {
        // One worker, one queue slot and slow recognitions: of six simultaneous requests at most two are
        // accepted while the first still runs, so the rest must be refused with 503.
        server = new RecognitionServer(new WavTestRecognizer(3000), new ServeLimits(50L << 20, 600,
                Duration.ofSeconds(60), 1, 1), uploads, new InetSocketAddress("127.0.0.1", 0));
        server.start();
        byte[] wav = Files.readAllBytes(realClip());
        var pending = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < 6; i++) {
            pending.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0, busy = 0;
        for (var f : pending) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) ok++;
            else { assertStatus(r, 503); busy++; }
        }
        assertThat(ok).isBetween(1, 2);
        assertThat(busy).isEqualTo(6 - ok);
        try (var files = Files.list(uploads)) { assertThat(files).isEmpty(); }
    }

    @Test
    void servesThePageAtTheRoot() throws Exception {
        start(ServeLimits.defaults());
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualToIgnoringCase("text/html;charset=utf-8");
        assertThat(page.body()).contains("/v1/recognize").contains("new FormData()").contains("<canvas id=\"timeline\"")
                .contains("id=\"file\"").contains("id=\"instruments\"").contains("id=\"error\"");
    }

    @Test
    void aChunkedUploadIsCutOffWhileStreaming() throws Exception {
        start(new ServeLimits(200_000, 600, Duration.ofSeconds(30), 1, 1));
        byte[] wav = Files.readAllBytes(realClip());
        // No Content-Length: the body arrives chunked, so only the streaming check can catch it.
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(wav))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertStatus(r, 413);
        try (var files = Files.list(uploads)) { assertThat(files).isEmpty(); }
    }

    @Test
    void recognizesARealClipSentAsMultipartAndKeepsItsExtensionForTheDecoder() throws Exception {
        WavTestRecognizer recognizer = WavTestRecognizer.anyFormat();
        start(recognizer, ServeLimits.defaults());
        HttpResponse<String> response = post(new MultipartForm().field("note", "sent by the page")
                .file("file", "piano-05.wav", Files.readAllBytes(realClip())));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("durationSeconds").asDouble()).isBetween(2.99, 3.01);
        assertThat(json.get("instruments").get(0).get("code").asText()).isEqualTo("pia");
        assertNoUploadLeft();

        Path mp3 = Path.of("src/test/resources/audio/tone-440-mono-44100.mp3");
        assertThat(post(new MultipartForm().file("file", "C:\\Music\\Tone.MP3", Files.readAllBytes(mp3))).statusCode())
                .isEqualTo(200);
        assertThat(recognizer.lastFile.getFileName().toString()).startsWith("upload-").endsWith(".mp3");
        assertNoUploadLeft();
    }

    @Test
    void aMultipartUploadOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
        start(new ServeLimits(200_000, 600, Duration.ofSeconds(30), 1, 1));
        MultipartForm form = new MultipartForm().file("file", "piano-05.wav", Files.readAllBytes(realClip()));
        assertStatus(post(form), 413);
        // Chunked, so only the limit on the stream that feeds the multipart parser can catch it.
        assertStatus(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form.bytes()))).build(),
                HttpResponse.BodyHandlers.ofString()), 413);
        assertNoUploadLeft();
    }

    @Test
    void aMultipartFileJustOverTheLimitIs413ThoughTheBodyFitsWithItsEnvelope() throws Exception {
        byte[] wav = Files.readAllBytes(realClip());
        start(new ServeLimits(wav.length - 1000, 600, Duration.ofSeconds(30), 1, 1));
        assertStatus(post(new MultipartForm().file("file", "piano-05.wav", wav)), 413);
        assertNoUploadLeft();
    }

    @Test
    void anUnknownFormatIs415NamedByTheClientsFileNameNeverByTheServersTempFile() throws Exception {
        // The production decoder: with ffmpeg on the PATH its message quotes the file path it was given.
        start(WavTestRecognizer.anyFormat(), ServeLimits.defaults());
        byte[] noAudio = "this is no audio at all, only some text to fill a few blocks".repeat(40).getBytes();
        HttpResponse<String> multipart = post(new MultipartForm().file("file", "mystery.xyz", noAudio));
        assertStatus(multipart, 415);
        assertThat(JSON.readTree(multipart.body()).get("error").asText()).startsWith("mystery.xyz: ");
        HttpResponse<String> raw = post(noAudio);
        assertStatus(raw, 415);
        assertThat(JSON.readTree(raw.body()).get("error").asText()).startsWith("upload: ");
        for (HttpResponse<String> r : java.util.List.of(multipart, raw)) {
            assertThat(JSON.readTree(r.body()).get("error").asText())
                    .doesNotContain(uploads.toString()).doesNotContain(System.getProperty("java.io.tmpdir"))
                    .doesNotContain("upload-").doesNotContain("MultiPart");
        }
        assertNoUploadLeft();
    }

    @Test
    void aMultipartBodyWithoutTheFileFieldOrMalformedIs400() throws Exception {
        start(ServeLimits.defaults());
        assertStatus(post(new MultipartForm().file("audio", "piano-05.wav", Files.readAllBytes(realClip()))), 400);
        assertStatus(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/recognize"))
                .header("Content-Type", "multipart/form-data; boundary=nothing-like-it")
                .POST(HttpRequest.BodyPublishers.ofString("no parts here")).build(), HttpResponse.BodyHandlers.ofString()), 400);
        assertNoUploadLeft();
    }

    @Test
    void whatJettyAnswersBeforeTheRoutesIsJsonToo() throws Exception {
        start(ServeLimits.defaults());
        assertStatus(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .header("X-Padding", "a".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString()), 431);
    }

    @Test
    void healthAndModelsAnswerJson() throws Exception {
        start(ServeLimits.defaults());
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
        HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(models.body()).get("name").asText()).isEqualTo("wav-test-double");
    }

    private static void assertStatus(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }
}
