package dev.lockstep.inmemory;

import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** In-memory {@link StackStore}. */
public final class InMemoryStackStore implements StackStore, TenantOwnedStore {
  private final InMemoryContext ctx;

  public InMemoryStackStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
