package dev.timbre.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.predict.Recognizer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The HTTP face of a {@link Recognizer} on Javalin: {@code POST /v1/recognize} (the audio as the raw body or as
 * the multipart field {@code file}), {@code GET /v1/models}, {@code GET /healthz} and the web page at {@code /}.
 * Every error is JSON {@code {"error": "...", "status": N}} without internals, with the same status for the same
 * input however it was sent. Uploads go to a temporary file that is deleted on every path; recognitions run on a
 * bounded pool whose full queue answers 503 at once; {@link ServeLimits} bound the work of each request. Each
 * request, answered or refused, makes one line of the request log.
 */
public final class RecognitionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecognitionServer.class);

    private final Path uploadDir;
    private final boolean ownsUploadDir;
    private final UploadReceiver uploads;
    private final RecognitionWorkers workers;
    private final byte[] page;
    private final Javalin app;

    /** A server whose uploads go to {@code uploadDir} (created if needed), without a request log. */
    public RecognitionServer(Recognizer recognizer, ServeLimits limits, Path uploadDir,
                             InetSocketAddress address) throws IOException {
        this(recognizer, limits, uploadDir, false, address, line -> { });
    }

    private RecognitionServer(Recognizer recognizer, ServeLimits limits, Path uploadDir, boolean ownsUploadDir,
                              InetSocketAddress address, Consumer<String> requestLog) throws IOException {
        this.uploadDir = Files.createDirectories(uploadDir);
        this.ownsUploadDir = ownsUploadDir;
        this.uploads = new UploadReceiver(uploadDir, limits);
        this.workers = new RecognitionWorkers(recognizer, limits);
        this.page = readPage();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrors());
                server.setRequestLog(new RequestLogLines(requestLog));
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrors()));
            // The idle timeout is the read timeout: a client that sends nothing for that long is cut off.
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(address.getHostString());
                connector.setPort(address.getPort());
                connector.setIdleTimeout(limits.readTimeout().toMillis());
                return connector;
            });
        });
        app.get("/", this::sendPage);
        app.get("/index.html", this::sendPage);
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/v1/models", ctx -> ctx.json(recognizer.card()));
        app.post("/v1/recognize", this::recognize);
        app.exception(HttpError.class, this::sendHttpError);
        app.exception(HttpResponseException.class, RecognitionServer::sendFrameworkError);
        app.exception(Exception.class, RecognitionServer::sendInternalError);
    }

    /**
     * A server with an upload directory of its own ({@code timbre-uploads-*} in the system's temporary directory),
     * removed with whatever is left in it when the server is closed.
     *
     * @param requestLog receives one line per request
     */
    public static RecognitionServer withTemporaryUploads(Recognizer recognizer, ServeLimits limits,
                                                         InetSocketAddress address, Consumer<String> requestLog)
            throws IOException {
        return new RecognitionServer(recognizer, limits, Files.createTempDirectory("timbre-uploads-"), true, address,
                requestLog);
    }

    public void start() {
        app.start();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Where uploads are stored while they are recognized. */
    public Path uploadDir() {
        return uploadDir;
    }

    private void recognize(Context ctx) throws HttpError, IOException {
        try (AudioUpload upload = uploads.receive(ctx)) {
            ctx.json(workers.recognize(upload));
        }
    }

    private void sendPage(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] readPage() throws IOException {
        try (InputStream in = RecognitionServer.class.getResourceAsStream("index.html")) {
            if (in == null) throw new IllegalStateException("index.html missing from the jar");
            return in.readAllBytes();
        }
    }

    /**
     * An error that ends the request. The state of a body that failed is unknown, so the connection closes after
     * the answer; a body refused as too large is drained first (bounded) so that the client reads the answer.
     */
    private void sendHttpError(HttpError e, Context ctx) {
        if (e.status == 413) {
            uploads.discardRest(ctx);
        }
        if (e.status == 413 || e.status == 408 || e.status == 400 || e.status == 503) {
            ctx.header("Connection", "close");
        }
        sendError(ctx, e.status, e.getMessage());
    }

    /** Javalin's own answers (no such route, wrong method) in the service's error shape. */
    private static void sendFrameworkError(HttpResponseException e, Context ctx) {
        String message = switch (e.getStatus()) {
            case 404 -> "no such resource: " + ctx.path();
            case 405 -> "method " + ctx.method() + " not allowed on " + ctx.path();
            default -> e.getMessage();
        };
        sendError(ctx, e.getStatus(), message);
    }

    /** The client learns only that something failed inside; the operator's log has the rest. */
    private static void sendInternalError(Exception e, Context ctx) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        sendError(ctx, 500, "internal error");
    }

    private static void sendError(Context ctx, int status, String message) {
        ctx.status(status).json(JsonErrors.body(status, message));
    }

    /** Stops serving, cancels queued and running recognitions, and removes an upload directory of its own. */
    @Override
    public void close() {
        app.stop();
        workers.close();
        if (ownsUploadDir) {
            try (Stream<Path> left = Files.walk(uploadDir)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("could not remove the upload directory {}: {}", uploadDir, e.getMessage());
            }
        }
    }
}
