package dev.lockstep.application.contract;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.util.Collection;

/**
 * Forwards every unit of work; tests override {@link #unit} to hand the work a unit with one store
 * replaced, so a hook runs inside the real unit (its locks and transaction).
 */
public class ForwardingTenantWriteLocks implements TenantWriteLocks {
    private final TenantWriteLocks delegate;

    public ForwardingTenantWriteLocks(TenantWriteLocks delegate) {
        this.delegate = delegate;
    }

    /** The unit the work is handed; the real one unless overridden. */
    protected TenantUnit unit(TenantUnit real) {
        return real;
    }

    @Override
    public <T> T write(TenantId tenant, UnitWork<TenantUnit, T> work) {
        return delegate.write(tenant, real -> work.run(unit(real)));
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        return delegate.write(tenants, real -> work.run(unit(real)));
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        return delegate.purge(tenant, work);
    }
}
