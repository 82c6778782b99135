package dev.lockstep.inmemory.micronaut;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.inmemory.InMemoryStorage;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Contributes the in-memory storage when {@code lockstep.storage} is {@code memory} (the default). */
@Factory
@Requires(property = "lockstep.storage", value = "memory", defaultValue = "memory")
public class InMemoryStorageFactory {

    @Singleton
    StoragePorts inMemoryStorage(Clock clock, StorageSettings settings) {
        return new InMemoryStorage(clock, settings);
    }
}
