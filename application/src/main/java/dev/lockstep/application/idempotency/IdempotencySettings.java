package dev.lockstep.application.idempotency;

import java.time.Duration;

/**
 * How long a stored answer of a request with an {@code Idempotency-Key} is kept
 * ({@code lockstep.idempotency.ttl}); an expired answer counts as absent.
 */
public record IdempotencySettings(Duration ttl) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    public IdempotencySettings {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lockstep.idempotency.ttl must be > 0, got " + ttl);
        }
    }

    public static IdempotencySettings defaults() {
        return new IdempotencySettings(DEFAULT_TTL);
    }
}
