package dev.timbre.serve;

import dev.timbre.audio.AudioFormatException;
import dev.timbre.audio.UnsupportedAudioFormatException;
import dev.timbre.predict.AudioTooLongException;
import dev.timbre.predict.Recognition;
import dev.timbre.predict.Recognizer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bounded pool on which recognitions run, apart from the HTTP threads that only stream bodies and wait:
 * {@link ServeLimits#workerThreads()} at once, {@link ServeLimits#queueCapacity()} waiting, and a 503 at once
 * for anything beyond. A recognition that outlasts {@link ServeLimits#requestTimeout()} is cancelled, not only
 * answered: its worker is interrupted and the recognizer stops at its next read, so the worker is free for the
 * next request. Each outcome becomes a result or an {@link HttpError} the client may read.
 */
final class RecognitionWorkers implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecognitionWorkers.class);

    private final Recognizer recognizer;
    private final ServeLimits limits;
    private final ThreadPoolExecutor pool;

    RecognitionWorkers(Recognizer recognizer, ServeLimits limits) {
        this.recognizer = recognizer;
        this.limits = limits;
        // A queue needs at least one slot; a capacity of 0 still lets one request wait instead of none.
        this.pool = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queueCapacity())), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Recognizes an upload within the request timeout and the audio-duration limit. */
    Recognition recognize(AudioUpload upload) throws HttpError {
        Future<Recognition> job;
        try {
            job = pool.submit(() -> recognizer.recognize(upload.file(), limits.maxAudioSeconds()));
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, "server busy; try again later");
        }
        return await(job, upload);
    }

    private Recognition await(Future<Recognition> job, AudioUpload upload) throws HttpError {
        try {
            return job.get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new HttpError(503, "recognition timed out after " + limits.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new HttpError(503, "server shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AudioTooLongException t) throw new HttpError(413, upload.describe(t.reason()));
            if (cause instanceof UnsupportedAudioFormatException f) throw new HttpError(415, upload.describe(f));
            if (cause instanceof AudioFormatException f) throw new HttpError(400, upload.describe(f));
            if (cause instanceof IllegalArgumentException) throw new HttpError(400, upload.describe(cause.getMessage()));
            LOG.error("recognition of an upload failed", cause);
            throw new HttpError(500, "recognition failed");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
