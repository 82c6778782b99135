package dev.lockstep.http;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.domain.ids.IdGenerator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The beans every storage and use case needs: clock, ids, the storage bounds. */
@Factory
public class CoreBeans {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  IdGenerator idGenerator() {
    return new UuidIdGenerator();
  }

  @Singleton
  StorageSettings storageSettings(LockstepConfig config) {
    return new StorageSettings(config.purgeLockTimeout(), config.envLockTimeout());
  }
}
