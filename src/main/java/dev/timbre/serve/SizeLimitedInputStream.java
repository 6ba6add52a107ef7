package dev.timbre.serve;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails as soon as more than {@code limit} bytes have arrived, so an upload without (or
 * with a false) Content-Length cannot fill the disk. {@link #exceeded()} tells that failure apart from others
 * after a parser that wraps exceptions has given up.
 */
final class SizeLimitedInputStream extends FilterInputStream {

    /** Thrown by {@link #read} once the limit is passed. */
    static final class LimitExceededException extends IOException {
        LimitExceededException(long limit) {
            super("upload larger than " + limit + " bytes", null);
        }
    }

    private final long limit;
    private long count;
    private boolean exceeded;

    SizeLimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) counted(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) counted(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws LimitExceededException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new LimitExceededException(limit);
        }
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
