package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One table of tenant-owned rows keyed by {@code (tenant_id, id)} (feedback records, webhooks) and
 * the statements every such table has, written once: the gated create, the insert inside a unit, the
 * read by id, the keyset page, the update and the delete of one row under its bounded row lock, and
 * the purge. A table is described by its name, its insert columns and their casts, its select list,
 * how a row is bound and how one is mapped back. The nested bases {@link UnitStore}, {@link Queries}
 * and {@link GatedCreate} hand those statements to a table's port classes, so each of them only adds
 * what its table has of its own.
 */
final class PgTenantTable<T> {

    /** Binds a row's insert columns from parameter 1 on; returns how many parameters it bound. */
    @FunctionalInterface
    interface RowBinder<T> {
        int bind(Connection c, PreparedStatement ps, T row) throws SQLException;
    }

    /** Binds parameters from 1 on; returns how many it bound. */
    @FunctionalInterface
    interface ParamBinder {
        int bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    /**
     * The gated create, one statement: the row is inserted only when the tenant's shared advisory
     * try-lock is granted (a purge holding or queued for the exclusive lock makes the try fail, and
     * then zero rows are inserted: a conflict, never a success). Sent in autocommit, the statement is
     * its own transaction, so the shared lock covers exactly the insert. The last parameter is the
     * tenant's lock key.
     */
    final String insertGatedSql;

    /**
     * The gated create with the row lock ({@code lockstep.tenant.lock = row}), one statement too: the
     * values are selected FROM {@link PostgresRowTenantWriteLocks#SHARED_GATE}, so the insert happens
     * only with the tenant's lock row held FOR SHARE; a purge queued makes the gate empty (zero rows),
     * a purge holding the row makes it fail at once ({@code 55P03}). The last parameter is the tenant.
     */
    final String insertRowGatedSql;

    /** The insert inside a unit, which already holds the tenant's lock. */
    final String insertSql;

    /** No lock: a read of what is committed. */
    final String findSql;

    /** Keyset page over (tenant_id, id), one row more than asked to know whether there is a next page. */
    final String listFirstSql;

    final String listAfterSql;

    /** Row lock of the one row (bounded wait); a concurrent delete that got there first leaves zero rows. */
    final String deleteSql;

    /** Runs only under the tenant's exclusive lock (the purge). */
    final String purgeSql;

    private final String table;
    private final String select;
    private final PgRows.RowMapper<T> mapper;
    private final RowBinder<T> binder;
    private final Function<T, TenantId> tenantOf;
    private final Function<T, UUID> idOf;
    private final PurgeCategory category;

    /**
     * @param insertColumns the columns an insert writes, e.g. {@code tenant_id, id, url}
     * @param insertValues one parameter per insert column with its cast, e.g. {@code ?::text, ?::uuid}
     * @param select the select list every read and {@code RETURNING} uses; {@code mapper} reads it
     */
    PgTenantTable(
            String table,
            String insertColumns,
            String insertValues,
            String select,
            PgRows.RowMapper<T> mapper,
            RowBinder<T> binder,
            Function<T, TenantId> tenantOf,
            Function<T, UUID> idOf,
            PurgeCategory category) {
        this.table = table;
        this.select = select;
        this.mapper = mapper;
        this.binder = binder;
        this.tenantOf = tenantOf;
        this.idOf = idOf;
        this.category = category;
        this.insertGatedSql = "INSERT INTO " + table + " (" + insertColumns + ")\nSELECT " + insertValues + "\n WHERE "
                + PostgresTenantWriteLocks.TRY_SHARED_CONDITION;
        this.insertRowGatedSql = "INSERT INTO " + table + " (" + insertColumns + ")\nSELECT " + insertValues
                + "\n  FROM (" + PostgresRowTenantWriteLocks.SHARED_GATE + ") gate";
        this.insertSql = "INSERT INTO " + table + " (" + insertColumns + ") VALUES (" + insertValues + ")";
        this.findSql = "SELECT " + select + " FROM " + table + " WHERE tenant_id = ? AND id = ?";
        this.listFirstSql = "SELECT " + select + " FROM " + table + " WHERE tenant_id = ? ORDER BY id LIMIT ?";
        this.listAfterSql =
                "SELECT " + select + " FROM " + table + " WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
        this.deleteSql = "DELETE FROM " + table + " WHERE tenant_id = ? AND id = ? RETURNING id";
        this.purgeSql = "DELETE FROM " + table + " WHERE tenant_id = ?";
    }

    /**
     * The update of one row, taking its row lock: {@code set} is the SET list (its parameters come
     * first), then the row's tenant and id; returns the row as it is after the change.
     */
    String updateSql(String set) {
        return "UPDATE " + table + " SET " + set + "\n WHERE tenant_id = ? AND id = ?\nRETURNING " + select;
    }

    /** Runs {@link #insertGatedSql} as its own statement in autocommit; one round trip. */
    T insertGated(PgTransactions tx, T row) {
        TenantId tenant = tenantOf.apply(row);
        int inserted = tx.autocommitWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(insertGatedSql)) {
                int bound = binder.bind(c, ps, row);
                ps.setString(bound + 1, PostgresTenantWriteLocks.lockKey(tenant));
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw DomainException.tenantWriteConflict(tenant);
        }
        return row;
    }

    /**
     * Runs {@link #insertRowGatedSql} in autocommit; one round trip. A refusal costs two more: the
     * gate is empty also on the tenant's very first write (no lock row yet), so the row is made if
     * missing and the create tried once more, and refused again it is a conflict.
     */
    T insertRowGated(PgTransactions tx, T row) {
        TenantId tenant = tenantOf.apply(row);
        for (int attempt = 1; ; attempt++) {
            int inserted = tx.autocommit(c -> {
                try (PreparedStatement ps = c.prepareStatement(insertRowGatedSql)) {
                    int bound = binder.bind(c, ps, row);
                    ps.setString(bound + 1, tenant.value());
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                        return -1; // a purge holds the row
                    }
                    throw e;
                }
            });
            if (inserted == 1) {
                return row;
            }
            if (inserted < 0 || attempt == 2) {
                throw DomainException.tenantWriteConflict(tenant);
            }
            PostgresRowTenantWriteLocks.ensureLockRows(tx, List.of(tenant));
        }
    }

    /** Inserts in {@code unit}, which must hold the row's tenant. */
    T insert(PgUnit unit, T row) {
        unit.requireHeld(tenantOf.apply(row));
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                binder.bind(c, ps, row);
                ps.executeUpdate();
            }
            return row;
        });
    }

    Optional<T> find(PgTransactions tx, TenantId tenant, UUID id) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(findSql)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return PgRows.first(ps, mapper);
            }
        });
    }

    /** One keyset page ordered by id; the cursor is the last id of the previous page. */
    Page<T> list(PgTransactions tx, TenantId tenant, PageRequest page) {
        UUID after = page.cursor() == null ? null : RowIds.parse("cursor", page.cursor());
        List<T> fetched = tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(after == null ? listFirstSql : listAfterSql)) {
                int i = 1;
                ps.setString(i++, tenant.value());
                if (after != null) {
                    ps.setObject(i++, after);
                }
                ps.setInt(i, page.limit() + 1);
                return PgRows.all(ps, mapper);
            }
        });
        return Page.of(fetched, page.limit(), r -> idOf.apply(r).toString());
    }

    /** Runs an {@link #updateSql} statement in {@code unit}, its row-lock wait bounded by {@code rowLockWait}. */
    Optional<T> update(PgUnit unit, Duration rowLockWait, String sql, TenantId tenant, UUID id, ParamBinder setParams) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int bound = setParams.bind(c, ps);
                ps.setString(bound + 1, tenant.value());
                ps.setObject(bound + 2, id);
                return PgRows.first(ps, mapper);
            }
        });
    }

    /** Removes the row in {@code unit}; whether this call removed it. */
    boolean delete(PgUnit unit, Duration rowLockWait, TenantId tenant, UUID id) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return !PgRows.all(ps, rs -> rs.getObject(1)).isEmpty();
            }
        });
    }

    /** Removes every row of the tenant, in the purge's unit. */
    Map<PurgeCategory, Long> purge(PgUnit unit, TenantId tenant) {
        long n = unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(purgeSql)) {
                ps.setString(1, tenant.value());
                return (long) ps.executeUpdate();
            }
        });
        return Map.of(category, n);
    }

    /**
     * The writes of a table's unit store: create, delete and purge written once; a subclass adds the
     * table's own updates through {@link #update(String, TenantId, UUID, ParamBinder)} of an {@link PgTenantTable#updateSql}.
     */
    abstract static class UnitStore<T> {
        private final PgTenantTable<T> table;
        final PgUnit unit;
        final Duration rowLockWait;

        UnitStore(PgTenantTable<T> table, PgUnit unit, Duration rowLockWait) {
            this.table = table;
            this.unit = unit;
            this.rowLockWait = rowLockWait;
        }

        /** Inserts in the unit, which must hold the row's tenant (a create on its own is gated). */
        public T create(T row) {
            return table.insert(unit, row);
        }

        public boolean delete(TenantId tenant, UUID id) {
            return table.delete(unit, rowLockWait, tenant, id);
        }

        /** The purge's delete; a subclass that is a {@code TenantOwnedStore} implements it with this. */
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            return table.purge(unit, tenant);
        }

        Optional<T> update(String sql, TenantId tenant, UUID id, ParamBinder setParams) {
            return table.update(unit, rowLockWait, sql, tenant, id, setParams);
        }
    }

    /** A table's reads outside any unit: by id and by keyset page, one autocommit statement each. */
    abstract static class Queries<T> {
        private final PgTenantTable<T> table;
        final PgTransactions tx;

        Queries(PgTenantTable<T> table, PgTransactions tx) {
            this.table = table;
            this.tx = tx;
        }

        public Optional<T> find(TenantId tenant, UUID id) {
            return table.find(tx, tenant, id);
        }

        public Page<T> list(TenantId tenant, PageRequest page) {
            return table.list(tx, tenant, page);
        }
    }

    /**
     * A table's gated create, one autocommit statement: {@link #insertGatedSql}, or {@link
     * #insertRowGatedSql} with the row lock.
     */
    abstract static class GatedCreate<T> {
        private final PgTenantTable<T> table;
        private final PgTransactions tx;
        private final StorageSettings.TenantLock lock;

        GatedCreate(PgTenantTable<T> table, PgContext ctx) {
            this.table = table;
            this.tx = ctx.tx();
            this.lock = ctx.settings().tenantLock();
        }

        public T createGated(T row) {
            return lock == StorageSettings.TenantLock.ROW ? table.insertRowGated(tx, row) : table.insertGated(tx, row);
        }
    }
}
