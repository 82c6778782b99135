package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code lockstep.stacks.*}.
 *
 * @param envLockTimeout how long an env merge waits for the stack's row lock (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_ENV_LOCK_TIMEOUT})
 * @param teardownDelay how long after its delete a stack is removed (unset: {@link
 *     dev.lockstep.application.stack.TeardownSettings#DEFAULT_DELAY})
 */
@ConfigurationProperties("lockstep.stacks")
public record StackProperties(
        @Nullable @PositiveDuration Duration envLockTimeout, @Nullable @NonNegativeDuration Duration teardownDelay) {}
