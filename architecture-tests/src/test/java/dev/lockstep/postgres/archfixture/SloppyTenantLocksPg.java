package dev.lockstep.postgres.archfixture;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.util.Collection;

/** Deliberately breaks the naming rule: a PostgreSQL adapter not named Postgres…. Test-only. */
public class SloppyTenantLocksPg implements TenantWriteLocks {
    @Override
    public <T> T write(TenantId tenant, UnitWork<TenantUnit, T> work) {
        throw new UnsupportedOperationException("a fixture for the naming rule; it locks nothing");
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        throw new UnsupportedOperationException("a fixture for the naming rule; it locks nothing");
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        throw new UnsupportedOperationException("a fixture for the naming rule; it locks nothing");
    }
}
