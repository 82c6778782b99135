package dev.lockstep.postgres;

import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** PostgreSQL {@link SessionStore}. */
public final class PostgresSessionStore implements SessionStore, TenantOwnedStore {
  private final PgContext ctx;

  public PostgresSessionStore(PgContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
