package dev.lockstep.postgres;

import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** PostgreSQL {@link StackStore}. */
public final class PostgresStackStore implements StackStore, TenantOwnedStore {
  private final PgContext ctx;

  public PostgresStackStore(PgContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
