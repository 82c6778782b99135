package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code lockstep.storage.*}: bounds every storage enforces.
 *
 * @param rowLockWait how long a write waits for a row another write holds (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_ROW_LOCK_WAIT})
 * @param connectionWait how long a request waits for a free database connection, then answers 503
 *     {@code storage_unavailable} (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_CONNECTION_WAIT})
 */
@ConfigurationProperties("lockstep.storage")
public record StorageProperties(
        @Nullable @PositiveDuration Duration rowLockWait, @Nullable @PositiveDuration Duration connectionWait) {}
