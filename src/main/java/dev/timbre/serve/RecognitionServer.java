package dev.timbre.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.predict.Recognizer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The HTTP face of a {@link Recognizer} on Javalin: {@code POST /v1/recognize} (the audio as the raw body or as
 * the multipart field {@code file}), {@code GET /v1/models}, {@code GET /healthz} and the web page at {@code /}.
 * Every error is JSON {@code {"error": "...", "status": N}} without internals. Uploads go to a temporary file that
 * is deleted on every path; recognitions run on a bounded pool whose full queue answers 503 at once.
 */
public final class RecognitionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecognitionServer.class);

    private final Recognizer recognizer;
    private final InetSocketAddress address;
    private final UploadReceiver uploads;
    private final RecognitionWorkers workers;
    private final byte[] page;
    private final Javalin app;

    public RecognitionServer(Recognizer recognizer, ServeLimits limits, Path uploadDir,
                             InetSocketAddress address) throws IOException {
        this.recognizer = recognizer;
        this.address = address;
        this.uploads = new UploadReceiver(Files.createDirectories(uploadDir), limits.maxUploadBytes());
        this.workers = new RecognitionWorkers(recognizer, limits);
        this.page = readPage();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrors()));
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

    public void start() {
        app.start(address.getHostString(), address.getPort());
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return app.port();
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

    private void sendHttpError(HttpError e, Context ctx) {
        if (e.status == 413) {
            uploads.discardRest(ctx);
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

    /** The client learns only the kind of failure; the operator's log has the rest. */
    private static void sendInternalError(Exception e, Context ctx) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        sendError(ctx, 500, "internal error: " + e.getClass().getSimpleName());
    }

    private static void sendError(Context ctx, int status, String message) {
        ctx.status(status).json(JsonErrors.body(status, message));
    }

    @Override
    public void close() {
        app.stop();
        workers.close();
    }
}
