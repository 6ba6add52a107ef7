package dev.timbre.dataset.download;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a download is retried after a connection error or a 5xx answer, and how long it waits between
 * tries: {@code initialDelay}, doubled after every failure, never more than {@code maxDelay}. An attempt
 * that received bytes resets the count, because a resumed download keeps what it got.
 *
 * @param maxAttempts  tries in a row without progress before giving up, at least 1
 * @param initialDelay wait after the first failure
 * @param maxDelay     ceiling of the doubled wait
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got "
                    + initialDelay + " and " + maxDelay);
        }
    }

    /** Six tries, waiting 2 s, 4 s, 8 s, 16 s, 32 s between them. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    /** The wait after the given number of consecutive failures (1 for the first). */
    public Duration delayAfter(int failures) {
        Duration d = initialDelay;
        for (int i = 1; i < failures && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
