package dev.lockstep.application;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a storage adapter enforces; every lock wait has one. Validated here so that both
 * adapters refuse the same bad values, whether built by the server or by hand in a test.
 *
 * @param purgeLockTimeout how long a purge waits for in-flight writes to drain (&gt; 0)
 * @param envLockTimeout how long an env merge waits for the stack's row lock (&gt; 0)
 * @param rowLockWait how long any other write waits for a row another write holds (&gt; 0)
 * @param organizationLockWait how long an IdP event waits for its organization's or slug's lock (&gt; 0)
 * @param connectionWait how long a request waits for a free database connection before it answers
 *     {@code storage_unavailable} (&gt; 0; the pool's connection timeout)
 * @param tenantLock what the tenant write lock is on PostgreSQL ({@code lockstep.tenant.lock}); the
 *     in-memory adapter has one kind only
 */
public record StorageSettings(
        Duration purgeLockTimeout,
        Duration envLockTimeout,
        Duration rowLockWait,
        Duration organizationLockWait,
        Duration connectionWait,
        TenantLock tenantLock) {
    public static final Duration DEFAULT_PURGE_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ENV_LOCK_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_ROW_LOCK_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ORGANIZATION_LOCK_WAIT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECTION_WAIT = Duration.ofSeconds(2);

    /**
     * The tenant write lock on PostgreSQL: a transaction-scoped advisory lock (one database node), or a
     * lock row per tenant, which also serializes a tenant's writes entering through several nodes.
     */
    public enum TenantLock {
        ADVISORY,
        ROW;

        /** {@code advisory} or {@code row}, as {@code lockstep.tenant.lock} spells it. */
        public static TenantLock of(String setting) {
            return switch (setting) {
                case "advisory" -> ADVISORY;
                case "row" -> ROW;
                default -> throw new IllegalArgumentException(
                        "lockstep.tenant.lock must be advisory or row, got " + setting);
            };
        }
    }

    public StorageSettings {
        Objects.requireNonNull(tenantLock, "lockstep.tenant.lock");
        positive(purgeLockTimeout, "lockstep.tenant.purge-lock-timeout");
        positive(envLockTimeout, "lockstep.stacks.env-lock-timeout");
        positive(rowLockWait, "lockstep.storage.row-lock-wait");
        positive(organizationLockWait, "lockstep.idp.event-lock-wait");
        positive(connectionWait, "lockstep.storage.connection-wait");
    }

    private static void positive(Duration value, String property) {
        Objects.requireNonNull(value, property);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be > 0, got " + value);
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(
                DEFAULT_PURGE_LOCK_TIMEOUT,
                DEFAULT_ENV_LOCK_TIMEOUT,
                DEFAULT_ROW_LOCK_WAIT,
                DEFAULT_ORGANIZATION_LOCK_WAIT,
                DEFAULT_CONNECTION_WAIT,
                TenantLock.ADVISORY);
    }

    public StorageSettings withPurgeLockTimeout(Duration timeout) {
        return new StorageSettings(
                timeout, envLockTimeout, rowLockWait, organizationLockWait, connectionWait, tenantLock);
    }

    public StorageSettings withEnvLockTimeout(Duration timeout) {
        return new StorageSettings(
                purgeLockTimeout, timeout, rowLockWait, organizationLockWait, connectionWait, tenantLock);
    }

    public StorageSettings withRowLockWait(Duration wait) {
        return new StorageSettings(
                purgeLockTimeout, envLockTimeout, wait, organizationLockWait, connectionWait, tenantLock);
    }

    public StorageSettings withOrganizationLockWait(Duration wait) {
        return new StorageSettings(purgeLockTimeout, envLockTimeout, rowLockWait, wait, connectionWait, tenantLock);
    }

    public StorageSettings withConnectionWait(Duration wait) {
        return new StorageSettings(
                purgeLockTimeout, envLockTimeout, rowLockWait, organizationLockWait, wait, tenantLock);
    }

    public StorageSettings withTenantLock(TenantLock lock) {
        return new StorageSettings(
                purgeLockTimeout, envLockTimeout, rowLockWait, organizationLockWait, connectionWait, lock);
    }
}
