package dev.lockstep.inmemory.micronaut;

import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.inmemory.InMemoryDatabase;
import dev.lockstep.inmemory.InMemoryStorage;
import dev.lockstep.inmemory.MemoryFileInUseException;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.FlywayMigrator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Contributes the in-memory storage when {@code lockstep.storage} is {@code memory} (the default):
 * its H2 database (in memory, or the file {@code lockstep.memory.file}), migrated by micronaut-flyway
 * with the settings {@code flyway.datasources.memory} before the storage exists, and the storage on
 * it. (micronaut-flyway migrates a data source on its own only when it comes from {@code
 * datasources.*}; this one is the adapter's, so the factory hands it to the migrator.)
 */
@Factory
@Requires(property = "lockstep.storage", value = "memory", defaultValue = "memory")
public class InMemoryStorageFactory {

    @Singleton
    @Bean(preDestroy = "close")
    InMemoryDatabase inMemoryDatabase(@Property(name = "lockstep.memory.file") @Nullable String file) {
        if (file == null || file.isBlank()) {
            return InMemoryDatabase.inMemory();
        }
        try {
            return InMemoryDatabase.file(Path.of(file));
        } catch (MemoryFileInUseException e) {
            throw new ConfigurationException("lockstep.memory.file " + e.getMessage());
        }
    }

    @Singleton
    StoragePorts inMemoryStorage(
            InMemoryDatabase database,
            FlywayMigrator migrator,
            @Named("memory") FlywayConfigurationProperties migrations,
            Clock clock,
            StorageSettings settings,
            Optional<LockWaits> lockWaits) {
        migrator.run(migrations, database.dataSource());
        return new InMemoryStorage(clock, settings, database, lockWaits.orElse(LockWaits.NONE));
    }
}
