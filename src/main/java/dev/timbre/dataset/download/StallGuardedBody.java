package dev.timbre.dataset.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} that fails when no bytes arrive for {@code stall}.
 * The JDK client's own request timeout stops at the response headers, so a connection that goes quiet in the
 * middle of a 3 GB body would otherwise block forever instead of being retried. One buffer list is asked for
 * at a time, so memory stays bounded by what the client delivers in one piece.
 */
final class StallGuardedBody implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration stall;
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final Body body = new Body();

    StallGuardedBody(Duration stall) {
        this.stall = stall;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration stall) {
        return info -> new StallGuardedBody(stall);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(body);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable t) {
        arrived.add(t);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    private final class Body extends InputStream {
        private Iterator<ByteBuffer> pending = Collections.emptyIterator();
        private ByteBuffer current;
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            if (len == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (pending.hasNext()) {
                    current = pending.next();
                    continue;
                }
                if (ended) {
                    return -1;
                }
                Object next;
                try {
                    next = arrived.poll(stall.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the response");
                }
                if (next == null) {
                    close();
                    throw new IOException("no data for " + stall.toMillis() + " ms");
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                if (next instanceof Throwable t) {
                    ended = true;
                    throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) next;
                pending = buffers.iterator();
                subscription.join().request(1);
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!ended) {
                    subscription.thenAccept(Flow.Subscription::cancel);
                }
            }
        }
    }
}
