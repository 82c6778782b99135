package dev.lockstep.http;

import dev.lockstep.application.StoragePorts;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the storage at start-up (on PostgreSQL: connects and migrates), so a broken database stops
 * the server before it accepts requests instead of failing the first one.
 */
@Context
final class StartupChecks {
  private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

  StartupChecks(StoragePorts storage, LockstepConfig config) {
    log.info("Lockstep storage: {} ({})", config.storage().name().toLowerCase(java.util.Locale.ROOT), storage.getClass().getSimpleName());
  }
}
