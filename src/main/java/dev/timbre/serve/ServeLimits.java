package dev.timbre.serve;

import java.time.Duration;

/**
 * The limits one server enforces on every request, each bounding work rather than only an answer.
 *
 * @param maxUploadBytes          largest accepted body: refused from Content-Length before a byte is stored, and cut
 *                                off while streaming a body that has none or lies (413)
 * @param maxAudioSeconds         longest accepted recording: refused from the file's header when it declares its
 *                                length, otherwise decoding stops one frame past the limit (413)
 * @param requestTimeout          how long a request may wait for its recognition, in the queue and on a worker;
 *                                then the answer is 503 and the recognition is cancelled, which frees its worker
 * @param workerThreads           recognitions that run at once
 * @param queueCapacity           recognitions that may wait for a worker; beyond that a 503 at once
 * @param maxConcurrentUploads    bodies being received at once; beyond that a 503 at once, before reading the body,
 *                                so slow clients cannot take every connection thread
 * @param readTimeout             longest wait for the next byte of a request before the connection is closed (408
 *                                while receiving a body); also the grace period of the minimum upload rate
 * @param minUploadBytesPerSecond slowest average upload rate accepted once {@code readTimeout} has passed (408); 0
 *                                turns the minimum off
 */
public record ServeLimits(long maxUploadBytes, double maxAudioSeconds, Duration requestTimeout,
                          int workerThreads, int queueCapacity, int maxConcurrentUploads, Duration readTimeout,
                          long minUploadBytesPerSecond) {

    /** The default read timeout. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** The default minimum upload rate: 16 KiB/s (a 50 MiB upload may take up to 53 minutes). */
    public static final long MIN_UPLOAD_BYTES_PER_SECOND = 16 * 1024;

    public ServeLimits {
        if (maxUploadBytes <= 0) throw new IllegalArgumentException("max upload bytes must be positive: " + maxUploadBytes);
        if (!(maxAudioSeconds > 0)) throw new IllegalArgumentException("max audio seconds must be positive: " + maxAudioSeconds);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        if (workerThreads < 1) throw new IllegalArgumentException("worker threads must be at least 1: " + workerThreads);
        if (queueCapacity < 0) throw new IllegalArgumentException("queue capacity must not be negative: " + queueCapacity);
        if (maxConcurrentUploads < 1) throw new IllegalArgumentException("concurrent uploads must be at least 1: " + maxConcurrentUploads);
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("read timeout must be positive: " + readTimeout);
        if (minUploadBytesPerSecond < 0) throw new IllegalArgumentException("minimum upload rate must not be negative: " + minUploadBytesPerSecond);
    }

    /**
     * The given upload, audio, time and pool limits with the default upload guards: a 10-s read timeout, a
     * 16 KiB/s minimum rate and {@link #defaultUploads(int, int) 4 × (workers + queue)} uploads at once.
     */
    public ServeLimits(long maxUploadBytes, double maxAudioSeconds, Duration requestTimeout, int workerThreads,
                       int queueCapacity) {
        this(maxUploadBytes, maxAudioSeconds, requestTimeout, workerThreads, queueCapacity,
                defaultUploads(workerThreads, queueCapacity), READ_TIMEOUT, MIN_UPLOAD_BYTES_PER_SECOND);
    }

    /** Uploads at once by default: enough to keep every worker and queue slot fed four times over. */
    public static int defaultUploads(int workerThreads, int queueCapacity) {
        return 4 * (workerThreads + queueCapacity);
    }

    /** 50 MiB uploads, 10 minutes of audio, 60 s per request, one worker per core, a queue of 4 per worker. */
    public static ServeLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServeLimits(50L << 20, 600, Duration.ofSeconds(60), cores, 4 * cores);
    }

    /** These limits with other upload guards. */
    public ServeLimits withUploadGuards(int maxUploads, Duration timeout, long minBytesPerSecond) {
        return new ServeLimits(maxUploadBytes, maxAudioSeconds, requestTimeout, workerThreads, queueCapacity,
                maxUploads, timeout, minBytesPerSecond);
    }
}
