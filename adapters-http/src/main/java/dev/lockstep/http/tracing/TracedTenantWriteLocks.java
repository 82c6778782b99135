package dev.lockstep.http.tracing;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.util.Collection;
import java.util.List;

/**
 * The storage's tenant locks, each unit of work in a span ({@link StorageSpans}): the span encloses
 * the whole call, so the waits for the connection, the tenant lock and the row locks of the unit
 * nest in it, and a unit the storage runs again (after a deadlock) is still one span.
 */
final class TracedTenantWriteLocks implements TenantWriteLocks {
    private final TenantWriteLocks locks;
    private final StorageSpans spans;

    TracedTenantWriteLocks(TenantWriteLocks locks, StorageSpans spans) {
        this.locks = locks;
        this.spans = spans;
    }

    @Override
    public <T> T write(TenantId tenant, UnitWork<TenantUnit, T> work) {
        return spans.unit(
                "write",
                span -> span.setAttribute(StorageSpans.TENANT, tenant.value()),
                () -> locks.write(tenant, work));
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        List<String> ids = tenants.stream().map(TenantId::value).sorted().toList();
        return spans.unit(
                "write", span -> span.setAttribute(StorageSpans.TENANTS, ids), () -> locks.write(tenants, work));
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        return spans.unit(
                "purge",
                span -> span.setAttribute(StorageSpans.TENANT, tenant.value()),
                () -> locks.purge(tenant, work));
    }
}
