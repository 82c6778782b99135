package dev.lockstep.http.config;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.application.stack.TeardownSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The settings the application and the storages take, built from the validated properties. A bound
 * left unset takes the default of {@link StorageSettings} / {@link TeardownSettings} / {@link
 * IdempotencySettings}, the one place
 * defaults are written.
 */
@Factory
class SettingsBeans {

    @Singleton
    StorageSettings storageSettings(
            StorageProperties storage, TenantProperties tenant, StackProperties stacks, IdpProperties idp) {
        StorageSettings defaults = StorageSettings.defaults();
        return new StorageSettings(
                orDefault(tenant.purgeLockTimeout(), defaults.purgeLockTimeout()),
                orDefault(stacks.envLockTimeout(), defaults.envLockTimeout()),
                orDefault(storage.rowLockWait(), defaults.rowLockWait()),
                orDefault(idp.eventLockWait(), defaults.organizationLockWait()),
                orDefault(storage.connectionWait(), defaults.connectionWait()),
                tenant.lock() == null ? defaults.tenantLock() : StorageSettings.TenantLock.of(tenant.lock()));
    }

    @Singleton
    TeardownSettings teardownSettings(StackProperties stacks) {
        return new TeardownSettings(
                orDefault(stacks.teardownDelay(), TeardownSettings.defaults().delay()));
    }

    @Singleton
    IdempotencySettings idempotencySettings(IdempotencyProperties idempotency) {
        return new IdempotencySettings(orDefault(idempotency.ttl(), IdempotencySettings.DEFAULT_TTL));
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
