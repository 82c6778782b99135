package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code lockstep.tenant.*}.
 *
 * @param purgeLockTimeout how long a purge waits for in-flight writes to drain (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_PURGE_LOCK_TIMEOUT})
 */
@ConfigurationProperties("lockstep.tenant")
public record TenantProperties(@Nullable @PositiveDuration Duration purgeLockTimeout) {}
