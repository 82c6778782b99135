package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.time.Duration;
import java.util.Collection;

/**
 * Tenant write serialization in memory: each call runs its work as a new {@link
 * InMemoryUnitOfWork} under the tenants' {@link TenantGate}s and hands it that unit's stores, so the
 * locks live exactly as long as the unit.
 */
final class InMemoryTenantWriteLocks implements TenantWriteLocks {
    private final TenantGates gates;
    private final Duration purgeLockTimeout;
    private final InMemoryTenantUnit.Tables tables;

    InMemoryTenantWriteLocks(TenantGates gates, Duration purgeLockTimeout, InMemoryTenantUnit.Tables tables) {
        this.gates = gates;
        this.purgeLockTimeout = purgeLockTimeout;
        this.tables = tables;
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        return gates.shared(tenants, unit -> work.run(new InMemoryTenantUnit(tables, unit)));
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        return gates.exclusive(tenant, purgeLockTimeout, unit -> work.run(new InMemoryTenantUnit.Purge(tables, unit)));
    }
}
