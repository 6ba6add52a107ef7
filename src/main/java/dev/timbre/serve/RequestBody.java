package dev.timbre.serve;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * A request body read under the service's limits: it fails as soon as more than {@code maxBytes} have arrived
 * (so a body without, or with a false, Content-Length cannot fill the disk), or when after a grace period the
 * body arrives more slowly on average than {@code minBytesPerSecond} (so a client trickling bytes cannot hold a
 * connection and an upload slot for long). Whatever goes wrong underneath (the client's end of the body before its
 * declared length, a malformed chunk, the connection's read timeout) becomes a {@link Failure} too, so that every
 * way a body can fail has one status and a JSON answer, raw or multipart. {@link #failure()} tells what happened
 * after a parser that wraps exceptions has given up.
 */
final class RequestBody extends FilterInputStream {

    /** How a body failed, and the status the client is answered with. */
    enum Failure {
        TOO_LARGE(413), TOO_SLOW(408), TIMED_OUT(408), BROKEN(400);

        final int status;

        Failure(int status) {
            this.status = status;
        }
    }

    /** Thrown by {@link #read} when the body fails; its message is fit for the client. */
    static final class FailedException extends IOException {
        final Failure failure;

        FailedException(Failure failure, String message) {
            super(message, null);
            this.failure = failure;
        }
    }

    private final long maxBytes;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private final long startNanos = System.nanoTime();
    private long count;
    private FailedException failed;

    /**
     * @param maxBytes          most bytes accepted
     * @param minBytesPerSecond slowest average rate accepted once {@code graceNanos} have passed (0: no minimum)
     */
    RequestBody(InputStream in, long maxBytes, long minBytesPerSecond, long graceNanos) {
        super(in);
        this.maxBytes = maxBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
    }

    /** Why the body failed, or {@code null} while it has not. */
    Failure failure() {
        return failed == null ? null : failed.failure;
    }

    /** The failure's message for the client, or {@code null}. */
    String failureMessage() {
        return failed == null ? null : failed.getMessage();
    }

    long bytesRead() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (failed != null) {
            throw failed;
        }
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw fail(underlying(e));
        }
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                throw fail(new FailedException(Failure.TOO_LARGE, "upload larger than " + maxBytes + " bytes"));
            }
        }
        checkRate();
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 64 * 1024)];
        int r = read(sink, 0, sink.length);
        return Math.max(r, 0);
    }

    private void checkRate() throws FailedException {
        if (minBytesPerSecond <= 0) {
            return;
        }
        long elapsed = System.nanoTime() - startNanos;
        if (elapsed <= graceNanos) {
            return;
        }
        double required = minBytesPerSecond * ((elapsed - graceNanos) / 1e9);
        if (count < required) {
            throw fail(new FailedException(Failure.TOO_SLOW, String.format(java.util.Locale.ROOT,
                    "upload too slow: %d bytes in %.1f s, the minimum is %d bytes/s", count, elapsed / 1e9,
                    minBytesPerSecond)));
        }
    }

    private FailedException fail(FailedException e) {
        failed = e;
        return e;
    }

    /** What a failure of the connection underneath means for the client, in words without internals. */
    private static FailedException underlying(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new FailedException(Failure.TIMED_OUT, "upload stalled: no data within the read timeout");
            }
            if (t instanceof FailedException f) {
                return f;
            }
        }
        // Jetty reports a body cut short, a malformed chunk and a broken connection alike (an early end).
        return new FailedException(Failure.BROKEN, "request body malformed or incomplete: it ended before its "
                + "declared length, its chunked encoding was broken, or the connection broke");
    }

    // A limit is no limit if the caller can rewind past it.
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
