package dev.lockstep.postgres.micronaut;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.postgres.PostgresStorage;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Contributes the PostgreSQL storage when {@code lockstep.storage=postgres}. micronaut-flyway
 * migrates the schema ({@code flyway.datasources.default}, the same files as {@link
 * PostgresStorage#migrate}) when the data source is created, so before the storage exists.
 */
@Factory
@Requires(property = "lockstep.storage", value = "postgres")
public class PostgresStorageFactory {

    @Singleton
    StoragePorts postgresStorage(DataSource dataSource, Clock clock, StorageSettings settings) {
        return new PostgresStorage(dataSource, clock, settings);
    }
}
