package dev.timbre.cli;

import dev.timbre.predict.Recognizer;
import dev.timbre.serve.RecognitionServer;
import dev.timbre.serve.ServeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code timbre serve}: the HTTP recognition service. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves POST /v1/recognize (raw body or multipart field \"file\"), GET /v1/models, GET /healthz and a web page at / over HTTP.")
public final class ServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "RUN_DIR", description = "Model bundle (default: the bundled model).")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--max-upload-mb", defaultValue = "50", description = "Largest upload in MiB (default: ${DEFAULT-VALUE}).")
    long maxUploadMb;

    @Option(names = "--max-audio-seconds", defaultValue = "600", description = "Longest recording (default: ${DEFAULT-VALUE}).")
    double maxAudioSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "60", description = "Per-request limit (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--workers", description = "Concurrent recognitions (default: number of cores).")
    Integer workers;

    @Option(names = "--queue", description = "Waiting recognitions before 503 (default: 4 per worker).")
    Integer queue;

    @Override
    public Integer call() throws Exception {
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        ServeLimits limits = new ServeLimits(maxUploadMb << 20, maxAudioSeconds, Duration.ofSeconds(timeoutSeconds),
                threads, queue != null ? queue : 4 * threads);
        Path uploads = Files.createTempDirectory("timbre-uploads-");
        try (Recognizer recognizer = DefaultModel.recognizer(model);
             RecognitionServer server = new RecognitionServer(recognizer, limits, uploads,
                     new InetSocketAddress(host, port))) {
            server.start();
            spec.commandLine().getOut().printf("timbre serving %s on http://%s:%d/%n",
                    recognizer.card().name(), host, server.port());
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
