package dev.lockstep.postgres;

import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** PostgreSQL {@link IdentityStore}. */
public final class PostgresIdentityStore implements IdentityStore, TenantOwnedStore {
  private final PgContext ctx;

  public PostgresIdentityStore(PgContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
