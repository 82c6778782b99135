package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
     * Each insert column of a row in PostgreSQL's text input form (a {@code null} for SQL NULL), in
     * the order of the insert columns: what a gated create sends, one array per column, so that one
     * statement carries any number of rows.
     */
    @FunctionalInterface
    interface TextRow<T> {
        String[] texts(T row);
    }

    /** What a gated create's statement answered for one row. */
    enum Gate {
        /** The tenant's shared lock was granted and the row is stored. */
        INSERTED,
        /** A purge of the tenant holds or is queued for the lock: nothing was inserted. */
        REFUSED,
        /** Row lock only: the tenant has no lock row yet (its first write); nothing was inserted. */
        NO_LOCK_ROW
    }

    /**
     * The gated create of a batch of rows, one statement: each row is inserted only when its tenant's
     * shared advisory try-lock is granted (a purge holding or queued for the exclusive lock makes the
     * try fail, and then that row is not inserted: a conflict, never a success). Sent in autocommit,
     * the statement is its own transaction, so the shared locks cover exactly the insert. Parameters:
     * one {@code text[]} per insert column, then the rows' lock keys; {@code RETURNING id} says which
     * rows went in.
     */
    final String insertGatedSql;

    /**
     * {@link #insertGatedSql} for a batch of one, the lone request's case: the same gate on scalar
     * parameters (one per insert column, then the lock key), so a request that found no other in
     * flight pays for no array building or {@code unnest} (pattern B of ../shared/bench/pg).
     */
    final String insertGatedOneSql;

    /**
     * The gated create of a batch of rows with the row lock ({@code lockstep.tenant.lock = row}), one
     * statement too: the rows' tenants' lock rows are taken {@code FOR SHARE SKIP LOCKED} unless a
     * purge is queued ({@link PostgresRowTenantWriteLocks}), and only rows whose tenant's lock row was
     * taken are inserted. A purge holding a lock row ({@code FOR UPDATE}) makes it skipped rather than
     * fail the statement (which carries other tenants' rows). Parameters: one {@code text[]} per insert
     * column; it answers, per row: its id, whether it went in, whether its tenant has a lock row.
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
    private final TextRow<T> textRow;
    private final int columns;
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
            TextRow<T> textRow,
            Function<T, TenantId> tenantOf,
            Function<T, UUID> idOf,
            PurgeCategory category) {
        this.table = table;
        this.select = select;
        this.mapper = mapper;
        this.binder = binder;
        this.textRow = textRow;
        this.tenantOf = tenantOf;
        this.idOf = idOf;
        this.category = category;
        if (!insertColumns.startsWith("tenant_id, id,")) {
            throw new IllegalArgumentException("the insert columns of " + table + " start with tenant_id, id");
        }
        List<String> casts = new ArrayList<>();
        for (String value : insertValues.split(",")) {
            casts.add(value.trim().substring("?::".length()));
        }
        this.columns = casts.size();
        StringBuilder arrays = new StringBuilder();
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            arrays.append(i > 1 ? ", " : "").append("?::text[]");
            names.append(i > 1 ? ", " : "").append('c').append(i);
            values.append(i > 1 ? ", " : "")
                    .append("v.c")
                    .append(i)
                    .append("::")
                    .append(casts.get(i - 1));
        }
        // lock: each row's tenant's shared advisory lock, with a try (never waits), until the commit
        this.insertGatedSql = "INSERT INTO " + table + " (" + insertColumns + ")\nSELECT " + values
                + "\n  FROM unnest(" + arrays + ", ?::text[]) AS v(" + names + ", lock_key)"
                + "\n WHERE pg_try_advisory_xact_lock_shared(hashtextextended(v.lock_key, 0))\nRETURNING id";
        // lock: the row's tenant's shared advisory lock, with a try (never waits), until the commit
        this.insertGatedOneSql = "INSERT INTO " + table + " (" + insertColumns + ")\nSELECT " + insertValues
                + "\n WHERE pg_try_advisory_xact_lock_shared(hashtextextended(?, 0))\nRETURNING id";
        // lock: the rows' tenants' lock rows FOR SHARE, skipped (never waited for) while a purge holds
        // one; none taken while a purge is queued; held until the commit
        this.insertRowGatedSql = "WITH v AS (SELECT * FROM unnest(" + arrays + ") AS v(" + names + ")),\n"
                + "gate AS (SELECT l.tenant_id FROM tenant_locks l\n"
                + "          WHERE l.tenant_id IN (SELECT v.c1 FROM v)\n"
                + "            AND NOT EXISTS (SELECT 1 FROM tenant_purge_queue q\n"
                + "                             WHERE q.tenant_id = l.tenant_id AND q.queued_until > clock_timestamp())\n"
                + "            FOR SHARE OF l SKIP LOCKED),\n"
                + "ins AS (INSERT INTO " + table + " (" + insertColumns + ")\n"
                + "        SELECT " + values + " FROM v JOIN gate g ON g.tenant_id = v.c1\n"
                + "        RETURNING id)\n"
                + "SELECT v.c2::uuid, ins.id IS NOT NULL, EXISTS (SELECT 1 FROM tenant_locks k WHERE k.tenant_id = v.c1)\n"
                + "  FROM v LEFT JOIN ins ON ins.id = v.c2::uuid";
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

    /** One row of a gated create, ready to bind: built and checked on the caller's thread. */
    record GatedRow(UUID id, TenantId tenant, String[] texts) {}

    GatedRow gatedRow(T row) {
        String[] texts = textRow.texts(row);
        if (texts.length != columns) {
            throw new IllegalStateException(table + " rows have " + columns + " columns, got " + texts.length);
        }
        return new GatedRow(idOf.apply(row), tenantOf.apply(row), texts);
    }

    /**
     * Sends {@link #insertGatedSql} for {@code rows} on {@code c} (autocommit), or {@link
     * #insertGatedOneSql} for one row; one answer per row.
     */
    List<Gate> insertGated(Connection c, List<GatedRow> rows) throws SQLException {
        if (rows.size() == 1) {
            GatedRow row = rows.get(0);
            try (PreparedStatement ps = c.prepareStatement(insertGatedOneSql)) {
                for (int col = 0; col < columns; col++) {
                    ps.setString(col + 1, row.texts()[col]);
                }
                ps.setString(columns + 1, PostgresTenantWriteLocks.lockKey(row.tenant()));
                boolean inserted =
                        PgRows.first(ps, rs -> rs.getObject(1, UUID.class)).isPresent();
                return List.of(inserted ? Gate.INSERTED : Gate.REFUSED);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insertGatedSql)) {
            int next = bindColumns(c, ps, rows);
            String[] keys = new String[rows.size()];
            for (int r = 0; r < keys.length; r++) {
                keys[r] = PostgresTenantWriteLocks.lockKey(rows.get(r).tenant());
            }
            ps.setArray(next, c.createArrayOf("text", keys));
            Set<UUID> inserted = new HashSet<>(PgRows.all(ps, rs -> rs.getObject(1, UUID.class)));
            List<Gate> answers = new ArrayList<>(rows.size());
            for (GatedRow row : rows) {
                answers.add(inserted.contains(row.id()) ? Gate.INSERTED : Gate.REFUSED);
            }
            return answers;
        }
    }

    /** Sends {@link #insertRowGatedSql} for {@code rows} on {@code c} (autocommit); one answer per row. */
    List<Gate> insertRowGated(Connection c, List<GatedRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertRowGatedSql)) {
            bindColumns(c, ps, rows);
            Map<UUID, Gate> byId = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Gate gate = rs.getBoolean(2) ? Gate.INSERTED : rs.getBoolean(3) ? Gate.REFUSED : Gate.NO_LOCK_ROW;
                    byId.put(rs.getObject(1, UUID.class), gate);
                }
            }
            List<Gate> answers = new ArrayList<>(rows.size());
            for (GatedRow row : rows) {
                answers.add(byId.getOrDefault(row.id(), Gate.REFUSED));
            }
            return answers;
        }
    }

    /** Binds one {@code text[]} per insert column from parameter 1 on; returns the next parameter. */
    private int bindColumns(Connection c, PreparedStatement ps, List<GatedRow> rows) throws SQLException {
        for (int col = 0; col < columns; col++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r).texts()[col];
            }
            ps.setArray(col + 1, c.createArrayOf("text", values));
        }
        return columns + 1;
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
     * A table's gated create: {@link #insertGatedSql}, or {@link #insertRowGatedSql} with the row lock,
     * in autocommit, the statement shared by the creates of the table that arrive while one is in
     * flight ({@link PgGroupCommit}). A lone create is one statement, one round trip.
     */
    abstract static class GatedCreate<T> {
        private final PgTenantTable<T> table;
        private final PgTransactions tx;
        private final StorageSettings.TenantLock lock;
        private final PgGroupCommit<GatedRow, Gate> commits;

        GatedCreate(PgTenantTable<T> table, PgContext ctx, BatchSizeMeter.Kind kind, BatchSizeMeter meter) {
            this.table = table;
            this.tx = ctx.tx();
            this.lock = ctx.settings().tenantLock();
            PgGroupCommit.Statement<GatedRow, Gate> statement =
                    lock == StorageSettings.TenantLock.ROW ? table::insertRowGated : table::insertGated;
            // a queued create waits at most for a connection and a statement ahead of its own
            Duration bound = ctx.settings().connectionWait().plus(ctx.settings().rowLockWait());
            this.commits = new PgGroupCommit<>(
                    kind, tx, statement, meter, PgGroupCommit.MAX_BATCH, PgGroupCommit.LANES, bound);
        }

        /**
         * @throws DomainException {@code tenant_write_conflict} when a purge of the tenant is queued or
         *     running; nothing is inserted
         */
        public T createGated(T row) {
            GatedRow gated = table.gatedRow(row);
            Gate gate = commits.submit(gated);
            if (gate == Gate.NO_LOCK_ROW) {
                // the tenant's first write (row lock): make its lock row, then once more
                PostgresRowTenantWriteLocks.ensureLockRows(tx, List.of(gated.tenant()));
                gate = commits.submit(gated);
            }
            if (gate != Gate.INSERTED) {
                throw DomainException.tenantWriteConflict(gated.tenant());
            }
            return row;
        }

        /** The group commit of this table's creates (tests look at its queue). */
        PgGroupCommit<GatedRow, Gate> groupCommit() {
            return commits;
        }
    }
}
