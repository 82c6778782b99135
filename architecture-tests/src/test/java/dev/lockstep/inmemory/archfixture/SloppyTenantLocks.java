package dev.lockstep.inmemory.archfixture;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.util.Collection;
import java.util.function.Supplier;

/** Deliberately breaks the naming rule: an in-memory adapter not named InMemory…. Test-only. */
public class SloppyTenantLocks implements TenantWriteLocks {
  @Override
  public <T> T write(TenantId tenant, Supplier<T> work) {
    return work.get();
  }

  @Override
  public <T> T write(Collection<TenantId> tenants, Supplier<T> work) {
    return work.get();
  }

  @Override
  public <T> T purge(TenantId tenant, Supplier<T> work) {
    return work.get();
  }
}
