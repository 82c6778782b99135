package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code lockstep.idempotency.*}.
 *
 * @param ttl how long a stored answer of a request with an {@code Idempotency-Key} is kept (unset:
 *     {@link dev.lockstep.application.idempotency.IdempotencySettings#DEFAULT_TTL})
 */
@ConfigurationProperties("lockstep.idempotency")
public record IdempotencyProperties(@Nullable @PositiveDuration Duration ttl) {}
