package dev.lockstep.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait between retries of one follower: 100 ms doubling up to 5 s (never less than the server's
 * {@code Retry-After}, never more than 30 s), with ±20 % jitter so followers that failed together do
 * not come back together. Bounded in time too: once failures have lasted {@code retryFor} without one
 * success in between, {@link #next} says to give up.
 */
final class Backoff {
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MOST = Duration.ofSeconds(5);
    private static final Duration MOST_ASKED = Duration.ofSeconds(30);

    private final Duration retryFor;
    private Instant failingSince;
    private Duration current = FIRST;
    private int attempts;

    Backoff(Duration retryFor) {
        this.retryFor = retryFor;
    }

    /** A success: the next failure starts over. */
    void reset() {
        failingSince = null;
        current = FIRST;
        attempts = 0;
    }

    /** How long to wait before the next try, or {@code null} when failures have lasted too long. */
    Duration next(Instant now, Duration retryAfter) {
        if (failingSince == null) {
            failingSince = now;
        }
        Duration failing = Duration.between(failingSince, now);
        if (failing.compareTo(retryFor) >= 0) {
            return null;
        }
        attempts++;
        long jittered = (long) (current.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        Duration wait = Duration.ofMillis(Math.max(1, jittered));
        Duration asked = retryAfter.compareTo(MOST_ASKED) > 0 ? MOST_ASKED : retryAfter;
        if (asked.compareTo(wait) > 0) {
            wait = asked;
        }
        Duration left = retryFor.minus(failing);
        if (wait.compareTo(left) > 0) {
            wait = left;
        }
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(MOST) > 0 ? MOST : doubled;
        return wait;
    }

    int attempts() {
        return attempts;
    }

    Duration failingFor(Instant now) {
        return failingSince == null ? Duration.ZERO : Duration.between(failingSince, now);
    }
}
