package dev.timbre.cli;

import dev.timbre.predict.Recognizer;
import dev.timbre.serve.RecognitionServer;
import dev.timbre.serve.ServeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code timbre serve}: the HTTP recognition service. It runs until the process is stopped (Ctrl-C, SIGTERM), then
 * stops serving, cancels recognitions in progress and removes its upload directory before the JVM exits. Standard
 * output carries the address line and one line per request, nothing else.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves POST /v1/recognize (raw body or multipart field \"file\"), GET /v1/models, GET /healthz "
                + "and a web page at / over HTTP.")
public final class ServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "RUN_DIR", description = "Model bundle (default: the bundled model).")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--max-upload-mb", defaultValue = "50",
            description = "Largest upload in MiB, refused from its Content-Length or cut off while it streams "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxUploadMb;

    @Option(names = "--max-audio-seconds", defaultValue = "600",
            description = "Longest recording, refused from its header or when decoding passes it "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxAudioSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "60",
            description = "Longest wait for a recognition, queue included; then 503 and the recognition is "
                    + "cancelled (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--workers", description = "Concurrent recognitions (default: number of cores).")
    Integer workers;

    @Option(names = "--queue", description = "Waiting recognitions before 503 (default: 4 per worker).")
    Integer queue;

    @Option(names = "--max-uploads",
            description = "Request bodies received at once before 503 (default: 4 × (workers + queue)).")
    Integer maxUploads;

    @Option(names = "--read-timeout-seconds", defaultValue = "10",
            description = "Longest wait for the next byte of a request (default: ${DEFAULT-VALUE}).")
    long readTimeoutSeconds;

    @Option(names = "--min-upload-kib-per-second", defaultValue = "16",
            description = "Slowest average upload accepted after the read timeout's grace; 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}).")
    long minUploadKibPerSecond;

    @Override
    public Integer call() throws Exception {
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        int waiting = queue != null ? queue : 4 * threads;
        ServeLimits limits = new ServeLimits(maxUploadMb << 20, maxAudioSeconds, Duration.ofSeconds(timeoutSeconds),
                threads, waiting, maxUploads != null ? maxUploads : ServeLimits.defaultUploads(threads, waiting),
                Duration.ofSeconds(readTimeoutSeconds), minUploadKibPerSecond * 1024);
        PrintWriter out = spec.commandLine().getOut();
        // Stopping the process runs the hook; it lets this thread close everything and waits until it has.
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "timbre-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try (Recognizer recognizer = DefaultModel.recognizer(model, TimbreCli.device(spec));
                 RecognitionServer server = RecognitionServer.withTemporaryUploads(recognizer, limits,
                         new InetSocketAddress(host, port), line -> {
                             synchronized (out) {
                                 out.println(line);
                                 out.flush();
                             }
                         })) {
                server.start();
                synchronized (out) {
                    out.printf("timbre serving %s on http://%s:%d/%n", recognizer.card().name(), host, server.port());
                    out.flush();
                }
                stop.await();
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is what ended the wait.
            }
        }
        return 0;
    }
}
