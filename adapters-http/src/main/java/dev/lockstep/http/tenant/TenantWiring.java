package dev.lockstep.http.tenant;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.application.tenant.PurgeTenantData;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Use cases of the tenant spine: the purge and the change-log reads. */
@Factory
public class TenantWiring {

  @Singleton
  ReadChangeLogs readChangeLogs(StoragePorts storage) {
    return new ReadChangeLogs(storage);
  }

  @Singleton
  PurgeTenantData purgeTenantData(StoragePorts storage) {
    return new PurgeTenantData(storage);
  }
}
