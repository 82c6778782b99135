package dev.lockstep.inmemory;

import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** In-memory {@link IdentityStore}. */
public final class InMemoryIdentityStore implements IdentityStore, TenantOwnedStore {
  private final InMemoryContext ctx;

  public InMemoryIdentityStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
