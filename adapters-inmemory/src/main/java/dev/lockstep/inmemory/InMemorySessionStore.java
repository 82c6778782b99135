package dev.lockstep.inmemory;

import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** In-memory {@link SessionStore}. */
public final class InMemorySessionStore implements SessionStore, TenantOwnedStore {
  private final InMemoryContext ctx;

  public InMemorySessionStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
