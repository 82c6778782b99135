package dev.lockstep.postgres.micronaut;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.postgres.PostgresStorage;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Contributes the PostgreSQL storage when {@code lockstep.storage=postgres}. micronaut-flyway
 * migrates the schema ({@code flyway.datasources.default}, the same files as {@link
 * PostgresStorage#migrate}) when the data source is created, so before the storage exists.
 * The pool's connection timeout is the storage's connection wait ({@code
 * lockstep.storage.connection-wait}), not Hikari's 30 s: a request that finds no free connection
 * answers {@code storage_unavailable} quickly instead of piling up.
 */
@Factory
@Requires(property = "lockstep.storage", value = "postgres")
public class PostgresStorageFactory {

    @Singleton
    StoragePorts postgresStorage(
            DataSource dataSource,
            Clock clock,
            StorageSettings settings,
            Optional<LockWaits> lockWaits,
            Optional<BatchSizeMeter> batchSizes)
            throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            dataSource
                    .unwrap(HikariDataSource.class)
                    .setConnectionTimeout(
                            Math.max(250, settings.connectionWait().toMillis()));
        }
        return new PostgresStorage(
                dataSource, clock, settings, lockWaits.orElse(LockWaits.NONE), batchSizes.orElse(BatchSizeMeter.NONE));
    }
}
