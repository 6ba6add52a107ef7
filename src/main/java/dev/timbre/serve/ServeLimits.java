package dev.timbre.serve;

import java.time.Duration;

/**
 * The limits one server enforces on every request.
 *
 * @param maxUploadBytes      largest accepted body; checked from Content-Length and again while streaming
 * @param maxAudioSeconds     longest accepted recording, checked on the recognizer's result
 * @param requestTimeout      how long a request may wait for its recognition before a 503
 * @param workerThreads       recognitions that run at once
 * @param queueCapacity       recognitions that may wait for a worker; beyond that a 503 at once
 */
public record ServeLimits(long maxUploadBytes, double maxAudioSeconds, Duration requestTimeout,
                          int workerThreads, int queueCapacity) {

    public ServeLimits {
        if (maxUploadBytes <= 0) throw new IllegalArgumentException("max upload bytes must be positive: " + maxUploadBytes);
        if (!(maxAudioSeconds > 0)) throw new IllegalArgumentException("max audio seconds must be positive: " + maxAudioSeconds);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        if (workerThreads < 1) throw new IllegalArgumentException("worker threads must be at least 1: " + workerThreads);
        if (queueCapacity < 0) throw new IllegalArgumentException("queue capacity must not be negative: " + queueCapacity);
    }

    /** 50 MiB uploads, 10 minutes of audio, 60 s per request, one worker per core, a queue of 4 per worker. */
    public static ServeLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServeLimits(50L << 20, 600, Duration.ofSeconds(60), cores, 4 * cores);
    }
}
