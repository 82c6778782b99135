package dev.lockstep.postgres.micronaut;

import com.zaxxer.hikari.util.DriverDataSource;
import dev.lockstep.application.StorageSettings;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * How the pool waits for connections and opens them, set on the pool's configuration before the
 * pool is built (Hikari reads it once):
 *
 * <ul>
 *   <li>its connection timeout is the storage's connection wait ({@code
 *       lockstep.storage.connection-wait}, 2 s by default) instead of Hikari's 30 s: a caller that
 *       finds no free connection answers {@code storage_unavailable} quickly instead of piling up
 *       while the database is away (the storage's own requests get what is left of that wait after
 *       their turn in the queue, see {@code PgTransactions});
 *   <li>it opens its connections through a {@link PoolConnector} over the configured driver (the same
 *       URL, driver, properties and credentials), which keeps trying at a short fixed interval while
 *       the database is away and someone waits, instead of Hikari's growing pauses.
 * </ul>
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
        if (config.getDataSource() == null && config.getJdbcUrl() != null) {
            config.setDataSource(new PoolConnector(new DriverDataSource(
                    config.getJdbcUrl(),
                    config.getDriverClassName(),
                    config.getDataSourceProperties(),
                    config.getUsername(),
                    config.getPassword())));
        }
        return config;
    }
}
