package dev.lockstep.sync;

import java.time.Duration;

/**
 * A failure that goes away by itself: a retryable answer (503 {@code storage_unavailable},
 * {@code lock_timeout}, any problem with {@code "retryable": true}), no answer at all (connection
 * refused or reset, timeout), or a target database that is restarting or unreachable. The sync waits
 * (bounded backoff, at least the server's {@code Retry-After}) and asks again from the same cursor.
 */
public class RetryableFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public RetryableFailure(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    }

    /** The least wait the server asked for ({@code Retry-After}); zero when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
