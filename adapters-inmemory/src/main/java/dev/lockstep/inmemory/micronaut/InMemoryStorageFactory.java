package dev.lockstep.inmemory.micronaut;

import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.inmemory.InMemoryDatabase;
import dev.lockstep.inmemory.InMemoryStorage;
import dev.lockstep.inmemory.MemoryFileInUseException;
import io.micronaut.context.BeanProvider;
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
 * its H2 database (in memory, or the file {@code lockstep.memory.file}) and the storage on it. A file
 * is migrated by micronaut-flyway with the settings {@code flyway.datasources.memory} before the
 * storage exists (micronaut-flyway migrates a data source on its own only when it comes from {@code
 * datasources.*}; this one is the adapter's, so the factory hands it to the migrator). A database in
 * memory, new with every process, gets its schema from the same scripts run by H2 ({@link
 * InMemoryDatabase#createSchema}), which keeps Flyway out of memory mode's start-up.
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
            BeanProvider<FlywayMigrator> migrator,
            @Named("memory") FlywayConfigurationProperties migrations,
            Clock clock,
            StorageSettings settings,
            Optional<LockWaits> lockWaits) {
        if (database.inMemoryOnly()) {
            database.createSchema(); // new with every process: no history for Flyway to keep
        } else {
            migrator.get().run(migrations, database.dataSource());
        }
        return new InMemoryStorage(clock, settings, database, lockWaits.orElse(LockWaits.NONE));
    }
}
