package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A table of tenant-owned rows keyed by {@code (tenant_id, id)} with server-made ids, created either
 * gated (a unit of its own under the tenant's shared lock, with its change-feed upsert) or inside a unit: what feedback records
 * and webhooks share. Every change of an existing row first takes the row's key lock, waited for at
 * most the row-lock bound and held until its unit's transaction has ended, then re-reads the row in
 * that transaction: of two writers of one row the second sees the first's committed outcome.
 */
abstract class GatedTenantRows<R> {
    private final TenantGates gates;
    final InMemoryDatabase db;
    private final String table;
    private final String what;
    private final Duration rowLockWait;
    private final Function<R, UUID> idOf;
    private final Function<R, TenantId> tenantOf;
    private final PurgeCategory category;
    private final Jdbc.RowMapper<R> mapper;

    GatedTenantRows(
            TenantGates gates,
            InMemoryDatabase db,
            String table,
            String what,
            Duration rowLockWait,
            Function<R, UUID> idOf,
            Function<R, TenantId> tenantOf,
            PurgeCategory category,
            Jdbc.RowMapper<R> mapper) {
        this.gates = gates;
        this.db = db;
        this.table = table;
        this.what = what;
        this.rowLockWait = rowLockWait;
        this.idOf = idOf;
        this.tenantOf = tenantOf;
        this.category = category;
        this.mapper = mapper;
    }

    /** Inserts a new row. */
    abstract void insert(Connection c, R row);

    /** The change-feed upsert of a row the gated create inserts, logged in its unit. */
    abstract InMemoryUnitOfWork.LogEntry createdEntry(R row);

    /** Writes {@code row} over the row {@code (tenant, id of row)}, which may move it to row's tenant. */
    abstract void replace(Connection c, TenantId tenant, R row);

    public R createGated(R row) {
        return gates.shared(List.of(tenantOf.apply(row)), unit -> {
            insert(unit.connection(), row);
            unit.log(createdEntry(row)); // a refused gate leaves neither the row nor its entry
            return row;
        });
    }

    public Optional<R> find(TenantId tenant, UUID id) {
        return db.read(c -> find(c, tenant, id));
    }

    private Optional<R> find(Connection c, TenantId tenant, UUID id) {
        return Jdbc.first(c, "SELECT * FROM " + table + " WHERE tenant_id = ? AND id = ?", mapper, tenant.value(), id);
    }

    public Page<R> list(TenantId tenant, PageRequest page) {
        UUID after = page.cursor() == null ? null : RowIds.parse("cursor", page.cursor());
        List<R> fetched = db.read(c -> after == null
                ? Jdbc.query(
                        c,
                        "SELECT * FROM " + table + " WHERE tenant_id = ? ORDER BY id LIMIT ?",
                        mapper,
                        tenant.value(),
                        page.limit() + 1)
                : Jdbc.query(
                        c,
                        "SELECT * FROM " + table + " WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?",
                        mapper,
                        tenant.value(),
                        after,
                        page.limit() + 1));
        return Page.of(fetched, page.limit(), r -> idOf.apply(r).toString());
    }

    /** The writes every such table has, bound to one unit. */
    abstract class Writes extends UnitBound implements TenantOwnedStore {
        Writes(InMemoryUnitOfWork unit) {
            super(unit);
        }

        public R create(R row) {
            insert(unit.connection(), row);
            return row;
        }

        public boolean delete(TenantId tenant, UUID id) {
            lock(tenant, id);
            return Jdbc.update(
                            unit.connection(),
                            "DELETE FROM " + table + " WHERE tenant_id = ? AND id = ?",
                            tenant.value(),
                            id)
                    == 1;
        }

        /** Replaces the row under its lock; empty when {@code tenant} has no such row. */
        Optional<R> update(TenantId tenant, UUID id, UnaryOperator<R> change) {
            lock(tenant, id);
            return find(unit.connection(), tenant, id).map(current -> {
                R updated = change.apply(current);
                replace(unit.connection(), tenant, updated);
                return updated;
            });
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            long removed =
                    Jdbc.update(unit.connection(), "DELETE FROM " + table + " WHERE tenant_id = ?", tenant.value());
            return Map.of(category, removed);
        }

        private void lock(TenantId tenant, UUID id) {
            unit.lockKey(KeyLocks.row(what, tenant, id.toString()), rowLockWait, what + " " + id);
        }
    }
}
