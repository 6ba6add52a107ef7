package dev.timbre.dataset.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one URL into a file, continuing a partial file with an HTTP Range request. A server that ignores
 * the range (answers 200) gets the file rewritten from its first byte; a 206 whose range does not start where
 * the file ends is refused. Connection errors, timeouts, 408, 429 and 5xx answers are retried after the
 * {@link RetryPolicy}'s back-off, and so is a body that goes quiet for longer than the read timeout;
 * other answers fail at once. The file's content is not judged here: the
 * caller checks the checksum.
 */
final class ResumableFetch {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final RetryPolicy retry;
    private final Duration readTimeout;

    ResumableFetch(HttpClient client, RetryPolicy retry, Duration readTimeout) {
        this.client = client;
        this.retry = retry;
        this.readTimeout = readTimeout;
    }

    /** Brings {@code file} to the full content of {@code url}; returns its length. */
    long fetch(URI url, Path file, OptionalLong expectedSize, DownloadProgress progress) throws IOException {
        int failures = 0;
        while (true) {
            long have = Files.exists(file) ? Files.size(file) : 0;
            if (expectedSize.isPresent()) {
                if (have == expectedSize.getAsLong()) {
                    return have;
                }
                if (have > expectedSize.getAsLong()) {
                    progress.note("partial file is longer than the published size; starting over");
                    Files.delete(file);
                    have = 0;
                }
            }
            Attempt attempt = new Attempt();
            try {
                return attempt.run(url, file, have, expectedSize, progress);
            } catch (DownloadFailedException e) {
                throw e;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failures = attempt.received > 0 ? 1 : failures + 1;
                String reason = describe(e);
                if (failures >= retry.maxAttempts()) {
                    throw new DownloadFailedException(url + ": giving up after " + failures
                            + (failures == 1 ? " try" : " tries in a row") + ": " + reason, e);
                }
                Duration wait = retry.delayAfter(failures);
                progress.note(reason + "; retrying in " + wait.toMillis() + " ms (try " + (failures + 1)
                        + " of " + retry.maxAttempts() + ")");
                sleep(wait);
            }
        }
    }

    /**
     * A readable reason: the first message in the cause chain, else the chain's class names (the JDK client
     * throws {@code ConnectException} without a message, its cause names the real trouble, such as
     * {@code UnresolvedAddressException} for a host that does not resolve).
     */
    static String describe(Throwable e) {
        Set<String> names = new LinkedHashSet<>();
        for (Throwable t = e; t != null && names.size() < 8; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return names.isEmpty() ? m : String.join(" / ", names) + ": " + m;
            }
            names.add(t.getClass().getSimpleName());
        }
        return String.join(" / ", names);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** One request; remembers how many body bytes it received so the retry count can reset on progress. */
    private final class Attempt {
        long received;

        long run(URI url, Path file, long have, OptionalLong expectedSize, DownloadProgress progress)
                throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(readTimeout);
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), StallGuardedBody.handler(readTimeout));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(url + ": interrupted");
            }
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                long start;
                long total;
                switch (status) {
                    case 200 -> {
                        if (have > 0) {
                            progress.note("server ignored the range request; starting over from byte 0");
                        }
                        start = 0;
                        total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    }
                    case 206 -> {
                        String range = response.headers().firstValue("Content-Range").orElse("");
                        Matcher m = CONTENT_RANGE.matcher(range);
                        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                            // Appending a range that starts elsewhere would corrupt the file; start clean.
                            Files.deleteIfExists(file);
                            throw new IOException("server answered range " + (have) + "- with '" + range
                                    + "'; partial file discarded");
                        }
                        start = have;
                        total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                    }
                    case 416 -> {
                        // The file already holds everything the server has; the checksum decides.
                        return have;
                    }
                    default -> {
                        if (status == 408 || status == 429 || status >= 500) {
                            throw new IOException("HTTP " + status);
                        }
                        throw new DownloadFailedException(url + ": HTTP " + status);
                    }
                }
                if (expectedSize.isPresent() && total >= 0 && total != expectedSize.getAsLong()) {
                    throw new DownloadFailedException(url + ": server reports " + total
                            + " bytes, the manifest says " + expectedSize.getAsLong());
                }
                progress.restart(start, total);
                long now = copy(body, file, start, progress);
                if (total >= 0 && now < total) {
                    throw new IOException("connection closed after " + now + " of " + total + " bytes");
                }
                return now;
            }
        }

        private long copy(InputStream body, Path file, long start, DownloadProgress progress) throws IOException {
            StandardOpenOption mode = start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
            long now = start;
            byte[] buf = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, mode)) {
                for (int n; (n = body.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    received += n;
                    now += n;
                    progress.advance(now);
                }
            }
            return now;
        }
    }
}
