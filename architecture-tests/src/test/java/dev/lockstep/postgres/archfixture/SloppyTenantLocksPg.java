package dev.lockstep.postgres.archfixture;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.util.Collection;
import java.util.function.Supplier;

/** Deliberately breaks the naming rule: a PostgreSQL adapter not named Postgres…. Test-only. */
public class SloppyTenantLocksPg implements TenantWriteLocks {
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
