package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * {@code lockstep.tenant.*}.
 *
 * @param purgeLockTimeout how long a purge waits for in-flight writes to drain (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_PURGE_LOCK_TIMEOUT})
 * @param lock the tenant write lock on PostgreSQL: {@code advisory} (unset) or {@code row}, a lock
 *     row per tenant for a database a tenant's writes may enter through several nodes
 */
@ConfigurationProperties("lockstep.tenant")
public record TenantProperties(
        @Nullable @PositiveDuration Duration purgeLockTimeout,
        @Nullable @Pattern(regexp = "advisory|row", message = "must be advisory or row, got {validatedValue}")
                String lock) {}
