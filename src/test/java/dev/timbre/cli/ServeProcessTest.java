package dev.timbre.cli;

import dev.timbre.audio.AudioClip;
import dev.timbre.audio.WavWriter;
import dev.timbre.testing.TinyBundle;
import dev.timbre.testing.TinyCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timbre serve} as an operator runs it, in a process of its own: standard output holds its address line and
 * one line per request and nothing else, and stopping it (SIGTERM) leaves no upload directory behind.
 */
class ServeProcessTest {

    @Test
    void stdoutIsTheRequestLogAndAStoppedServerLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        TinyBundle.write(model, 2, 1, "s2:0.4");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path clip = dir.resolve("clip.wav");
        WavWriter.write16(clip, new AudioClip(new float[][]{TinyCorpus.tone(440, 3, new Random(1))}, 44_100));

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process serve = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                "-Djava.io.tmpdir=" + tmp, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "dev.timbre.cli.TimbreCli", "serve", "--model", model.toString(), "--port", "0"))
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> stdout = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stdout.add(line);
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            String first = lines.poll(180, TimeUnit.SECONDS);
            assertThat(first).as("address line; stderr: " + Files.readString(dir.resolve("stderr.txt")))
                    .isNotNull().startsWith("timbre serving tiny-n2 on http://127.0.0.1:");
            Matcher port = Pattern.compile(":(\\d+)/$").matcher(first);
            assertThat(port.find()).isTrue();
            URI recognize = URI.create("http://127.0.0.1:" + port.group(1) + "/v1/recognize");
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(recognize).POST(HttpRequest.BodyPublishers.ofFile(clip))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(recognize).POST(HttpRequest.BodyPublishers.ofString(
                    "not audio")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
            assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("POST /v1/recognize 200 ");
            assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("POST /v1/recognize 415 ");
            try (var entries = Files.list(tmp)) {
                assertThat(entries.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("timbre-uploads-"));
            }
        } finally {
            serve.destroy(); // SIGTERM, as a service manager stops it
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            reader.join(10_000);
        }
        assertThat(stdout).as("nothing but the address and the request log on stdout").hasSize(3);
        try (var entries = Files.list(tmp)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("timbre-uploads-") || n.startsWith("upload-"));
        }
    }
}
