package dev.timbre.dataset.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Zenodo on 127.0.0.1: serves fixed bytes per file name under {@code /files/}, honouring
 * {@code Range: bytes=N-} unless told otherwise, and misbehaving in the ways a real server can.
 */
public final class StandInServer implements AutoCloseable {

    /** How the server answers. */
    public enum Behaviour {
        /** Full answers and ranges, as a good server. */
        NORMAL,
        /** The first request of each file stops after half the body and closes; later ones are NORMAL. */
        DROP_FIRST_HALFWAY,
        /** The first request of each file goes quiet after half the body until the server closes. */
        STALL_FIRST_HALFWAY,
        /** Always 200 with the whole file, whatever the Range header says. */
        IGNORE_RANGE,
        /** The first two requests of each file get 503; later ones are NORMAL. */
        UNAVAILABLE_TWICE,
        /** Always 500. */
        ALWAYS_500
    }

    /** One request as the server saw it. */
    public record Request(String file, String range) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files;
    private final Behaviour behaviour;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perFile = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    public StandInServer(Map<String, byte[]> files, Behaviour behaviour) throws IOException {
        this.files = Map.copyOf(files);
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", this::handle);
        // A stalled answer holds its thread; the retry must be served beside it.
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL to pass as {@code --base-url}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/");
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring("/files/".length());
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(new Request(name, range));
            int nth = perFile.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = files.get(name);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (behaviour == Behaviour.ALWAYS_500 || (behaviour == Behaviour.UNAVAILABLE_TWICE && nth <= 2)) {
                ex.sendResponseHeaders(behaviour == Behaviour.ALWAYS_500 ? 500 : 503, -1);
                return;
            }
            Matcher m = range == null ? null : RANGE.matcher(range);
            long from = m != null && m.matches() && behaviour != Behaviour.IGNORE_RANGE ? Long.parseLong(m.group(1)) : -1;
            if (from >= body.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            int start = from < 0 ? 0 : (int) from;
            if (from >= 0) {
                ex.getResponseHeaders().set("Content-Range",
                        "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
            ex.sendResponseHeaders(from >= 0 ? 206 : 200, body.length - start);
            OutputStream out = ex.getResponseBody();
            if (behaviour == Behaviour.DROP_FIRST_HALFWAY && nth == 1) {
                out.write(body, start, (body.length - start) / 2);
                out.flush();
                // Closing the exchange short of the declared length makes the server drop the connection.
                return;
            }
            if (behaviour == Behaviour.STALL_FIRST_HALFWAY && nth == 1) {
                out.write(body, start, (body.length - start) / 2);
                out.flush();
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            out.write(body, start, body.length - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The short-write case ends here by design; anything else is visible to the test as a failed download.
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
