package dev.lockstep.application;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a storage adapter enforces. Validated here so that both adapters refuse the same bad
 * values, whether built by the server or by hand in a test.
 *
 * @param purgeLockTimeout how long a purge waits for in-flight writes to drain (&gt; 0)
 * @param envLockTimeout how long an env merge waits for the stack's row lock (&gt; 0)
 */
public record StorageSettings(Duration purgeLockTimeout, Duration envLockTimeout) {
    public static final Duration DEFAULT_PURGE_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ENV_LOCK_TIMEOUT = Duration.ofSeconds(3);

    public StorageSettings {
        Objects.requireNonNull(purgeLockTimeout, "purgeLockTimeout");
        Objects.requireNonNull(envLockTimeout, "envLockTimeout");
        if (purgeLockTimeout.isNegative() || purgeLockTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "lockstep.tenant.purge-lock-timeout must be > 0, got " + purgeLockTimeout);
        }
        if (envLockTimeout.isNegative() || envLockTimeout.isZero()) {
            throw new IllegalArgumentException("lockstep.stacks.env-lock-timeout must be > 0, got " + envLockTimeout);
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(DEFAULT_PURGE_LOCK_TIMEOUT, DEFAULT_ENV_LOCK_TIMEOUT);
    }

    public StorageSettings withPurgeLockTimeout(Duration timeout) {
        return new StorageSettings(timeout, envLockTimeout);
    }

    public StorageSettings withEnvLockTimeout(Duration timeout) {
        return new StorageSettings(purgeLockTimeout, timeout);
    }
}
