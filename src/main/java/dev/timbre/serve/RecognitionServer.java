package dev.timbre.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.timbre.audio.AudioFormatException;
import dev.timbre.audio.UnsupportedAudioFormatException;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.Recognizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP face of a {@link Recognizer}: {@code POST /v1/recognize}, {@code GET /v1/models}, {@code GET /healthz}.
 * Every error is JSON {@code {"error": "...", "status": N}}. Uploads go to a temporary file that is deleted
 * on every path; recognitions run on a bounded pool whose full queue answers 503 at once.
 */
public final class RecognitionServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Recognizer recognizer;
    private final ServeLimits limits;
    private final Path uploadDir;
    private final HttpServer http;
    private final ExecutorService connections;
    private final ThreadPoolExecutor workers;

    public RecognitionServer(Recognizer recognizer, ServeLimits limits, Path uploadDir,
                             InetSocketAddress address) throws IOException {
        this.recognizer = recognizer;
        this.limits = limits;
        this.uploadDir = Files.createDirectories(uploadDir);
        this.workers = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queueCapacity())), new ThreadPoolExecutor.AbortPolicy());
        // Connection threads only stream bodies and wait; the recognition work is bounded by the worker pool.
        this.connections = Executors.newCachedThreadPool();
        this.http = HttpServer.create(address, 128);
        http.setExecutor(connections);
        http.createContext("/", this::dispatch);
    }

    public void start() {
        http.start();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                switch (path) {
                    case "/", "/index.html" -> { requireMethod(method, "GET"); sendPage(exchange); }
                    case "/healthz" -> { requireMethod(method, "GET"); send(exchange, 200, Map.of("status", "ok")); }
                    case "/v1/models" -> { requireMethod(method, "GET"); send(exchange, 200, recognizer.card()); }
                    case "/v1/recognize" -> { requireMethod(method, "POST"); send(exchange, 200, recognize(exchange)); }
                    default -> throw new HttpError(404, "no such resource: " + path);
                }
            } catch (HttpError e) {
                if (e.status == 413) discardBody(exchange);
                send(exchange, e.status, Map.of("error", e.getMessage(), "status", e.status));
            } catch (RuntimeException e) {
                send(exchange, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName(), "status", 500));
            }
        }
    }

    /**
     * A client that is still sending when the answer comes may never read it (the unread bytes reset the
     * connection, as the JDK's HttpClient showed in CI), so a rejected body is read and dropped before answering:
     * all of it up to 16 MiB or one upload's worth, whichever is larger, which bounds the work a hostile client
     * can cause.
     */
    private void discardBody(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        byte[] sink = new byte[64 * 1024];
        long left = Math.max(limits.maxUploadBytes(), 16L << 20);
        InputStream body = exchange.getRequestBody();
        for (int n; left > 0 && (n = body.read(sink)) > 0; ) left -= n;
    }

    private static void requireMethod(String actual, String allowed) throws HttpError {
        if (!allowed.equals(actual)) throw new HttpError(405, "method " + actual + " not allowed; use " + allowed);
    }

    private Recognition recognize(HttpExchange exchange) throws HttpError, IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limits.maxUploadBytes()) {
                    throw new HttpError(413, "upload larger than " + limits.maxUploadBytes() + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length: " + declared);
            }
        }
        Path upload = Files.createTempFile(uploadDir, "upload-", ".audio");
        try {
            copyLimited(exchange.getRequestBody(), upload);
            if (Files.size(upload) == 0) throw new HttpError(400, "empty upload");
            Future<Recognition> job;
            try {
                job = workers.submit(() -> recognizer.recognize(upload));
            } catch (RejectedExecutionException e) {
                throw new HttpError(503, "server busy; try again later");
            }
            Recognition result = await(job);
            if (result.durationSeconds() > limits.maxAudioSeconds()) {
                throw new HttpError(413, "audio longer than " + limits.maxAudioSeconds() + " s");
            }
            return result;
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private Recognition await(Future<Recognition> job) throws HttpError {
        try {
            return job.get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new HttpError(503, "recognition timed out after " + limits.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "server shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedAudioFormatException) throw new HttpError(415, clean(cause));
            if (cause instanceof AudioFormatException || cause instanceof IllegalArgumentException) {
                throw new HttpError(400, clean(cause));
            }
            throw new HttpError(500, "recognition failed: " + cause.getClass().getSimpleName());
        }
    }

    /** The recognizer's message names the server's temporary file; the client knows it only as "upload". */
    private String clean(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith(uploadDir.toString()) ? "upload" + message.substring(colon) : message;
    }

    private void copyLimited(InputStream body, Path target) throws IOException, HttpError {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > limits.maxUploadBytes()) {
                    throw new HttpError(413, "upload larger than " + limits.maxUploadBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static void sendPage(HttpExchange exchange) throws IOException {
        byte[] page;
        try (InputStream in = RecognitionServer.class.getResourceAsStream("index.html")) {
            if (in == null) throw new IllegalStateException("index.html missing from the jar");
            page = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(1);
        workers.shutdownNow();
        connections.shutdownNow();
    }
}
