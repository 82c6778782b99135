package dev.lockstep.postgres.micronaut;

import dev.lockstep.application.StorageSettings;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * The pool's connection timeout is the storage's connection wait ({@code
 * lockstep.storage.connection-wait}, 2 s by default) instead of Hikari's 30 s: a request that finds
 * no free connection answers {@code storage_unavailable} quickly instead of piling up while the
 * database is away. Set on the pool's configuration before the pool is built (Hikari reads it once).
 */
@Singleton
@Requires(property = "lockstep.storage", value = "postgres")
public class PoolConnectionWait implements BeanCreatedEventListener<DatasourceConfiguration> {
    /** Hikari refuses a connection timeout below this. */
    private static final long HIKARI_MIN_MS = 250;

    private final BeanProvider<StorageSettings> settings;

    public PoolConnectionWait(BeanProvider<StorageSettings> settings) {
        this.settings = settings;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        config.setConnectionTimeout(
                Math.max(HIKARI_MIN_MS, settings.get().connectionWait().toMillis()));
        return config;
    }
}
