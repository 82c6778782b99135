package dev.lockstep.postgres.micronaut;

import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.postgres.PostgresStorage;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Contributes the PostgreSQL storage when {@code lockstep.storage=postgres}; migrates the schema with
 * Flyway before the first request can arrive.
 */
@Factory
@Requires(property = "lockstep.storage", value = "postgres")
public class PostgresStorageFactory {

    @Singleton
    StoragePorts postgresStorage(
            DataSource dataSource, Clock clock, StorageSettings settings, Optional<LockWaits> lockWaits) {
        PostgresStorage.migrate(dataSource);
        return new PostgresStorage(dataSource, clock, settings, lockWaits.orElse(LockWaits.NONE));
    }
}
