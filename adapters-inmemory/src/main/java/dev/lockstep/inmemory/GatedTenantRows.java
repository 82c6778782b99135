package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A table of tenant-owned rows with server-made ids that are created either gated (a unit of their
 * own under the tenant's shared lock) or inside a unit: what feedback records and webhooks share.
 * Rows live in {@link TenantRows}, so every change of an existing row holds the row's key lock until
 * its unit ends and registers its inverse there: a unit that fails, or a concurrent writer of the
 * same row, can never resurrect or clobber a change.
 */
abstract class GatedTenantRows<R> {
    private final TenantGates gates;
    private final Function<R, TenantId> tenantOf;
    private final PurgeCategory category;
    final TenantRows<R> rows;

    GatedTenantRows(
            TenantGates gates,
            String what,
            Duration rowLockWait,
            Function<R, UUID> idOf,
            Function<R, TenantId> tenantOf,
            PurgeCategory category) {
        this.gates = gates;
        this.tenantOf = tenantOf;
        this.category = category;
        this.rows = new TenantRows<>(what, rowLockWait, r -> idOf.apply(r).toString());
    }

    public R createGated(R row) {
        return rows.insertGated(gates, tenantOf.apply(row), row);
    }

    public Optional<R> find(TenantId tenant, UUID id) {
        return rows.find(tenant, id);
    }

    public Page<R> list(TenantId tenant, PageRequest page) {
        return rows.listById(tenant, page);
    }

    /** The writes every such table has, bound to one unit. */
    abstract class Writes extends UnitBound implements TenantOwnedStore {
        Writes(InMemoryUnitOfWork unit) {
            super(unit);
        }

        public R create(R row) {
            return rows.insert(unit, tenantOf.apply(row), row);
        }

        public boolean delete(TenantId tenant, UUID id) {
            return rows.delete(unit, tenant, id);
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            return Map.of(category, (long) rows.purge(unit, tenant).size());
        }
    }
}
