package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
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
import java.util.Set;
import java.util.UUID;

/**
 * The gated create of a table of tenant-owned rows (feedback records, webhooks): one autocommit
 * INSERT that takes each row's tenant's shared lock itself, with a try, and inserts only the rows
 * whose lock was granted — so a create is one statement, one round trip, and the creates of the
 * table that arrive while one is in flight share the next statement ({@link PgGroupCommit}).
 *
 * <p>A subclass writes its table's three statements out and hands them here; this class binds and
 * sends them and reads their answers. Each is written with the tenant gate of its lock, defined once:
 *
 * <ul>
 *   <li>{@code lone} (advisory lock, a batch of one): {@code INSERT … SELECT ?::…, … WHERE} {@link
 *       PostgresTenantWriteLocks#TRY_SHARED_CONDITION} {@code RETURNING id}; parameters: one per
 *       column in text form, then the {@link PostgresTenantWriteLocks#lockKey lock key}. No arrays, no
 *       {@code unnest} for the request that found no other in flight (pattern B of ../shared/bench/pg).
 *   <li>{@code batch} (advisory lock): {@code INSERT … SELECT … FROM unnest(…) AS v(…, lock_key)
 *       WHERE} {@link PostgresTenantWriteLocks#TRY_SHARED_OF_ROWS} {@code RETURNING id}; parameters:
 *       one {@code text[]} per column, then the rows' lock keys.
 *   <li>{@code rowBatch} (row lock, any batch): {@code WITH v AS (… unnest(…)), gate AS (}{@link
 *       PostgresRowTenantWriteLocks#SHARED_GATE_OF_ROWS}{@code ), ins AS (INSERT … FROM v JOIN gate
 *       …)}, answering per row: its id, whether it went in, whether its tenant has a lock row;
 *       parameters: one {@code text[]} per column.
 * </ul>
 *
 * In every statement the columns start with {@code tenant_id, id} and end with {@code change_row}, the
 * row's change-feed upsert: a data-modifying CTE inserts it into {@code deletion_log} for each row that
 * went in, at the statement's own transaction's position plus the row's ordinal in the batch, so a
 * refused row leaves no entry and a lone create stays one round trip. A refused row is not inserted: the
 * answer is a conflict, never a success. Sent in autocommit, the statement is its own transaction,
 * so the shared locks cover exactly the insert.
 */
abstract class PgGatedCreate<T> {

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
     * One row of a gated create, ready to bind: its columns in PostgreSQL's text input form (a
     * {@code null} for SQL NULL), in the statements' column order. Built on the caller's thread, so a
     * row that cannot be encoded fails its own request only.
     */
    record Row(TenantId tenant, UUID id, String[] texts) {}

    /** The statements, as the subclass wrote them (tests check that each carries its gate). */
    final String lone;

    final String batch;
    final String rowBatch;

    private final PgTransactions tx;
    private final PgGroupCommit<Row, Gate> commits;

    PgGatedCreate(
            PgContext ctx, BatchSizeMeter.Kind kind, BatchSizeMeter meter, String lone, String batch, String rowBatch) {
        this.lone = lone;
        this.batch = batch;
        this.rowBatch = rowBatch;
        this.tx = ctx.tx();
        // a queued create waits at most for a connection and a statement ahead of its own
        Duration bound = ctx.settings().connectionWait().plus(ctx.settings().rowLockWait());
        this.commits = new PgGroupCommit<>(
                kind,
                tx,
                statement(ctx.settings().tenantLock()),
                meter,
                PgGroupCommit.MAX_BATCH,
                PgGroupCommit.LANES,
                bound);
    }

    /** The row of {@code record} as the statements bind it: its columns, then its change-feed row. */
    abstract Row row(T record);

    /**
     * {@code columns} and then the row's change-feed upsert ({@link dev.lockstep.domain.log.ChangeRows}),
     * which every statement inserts into {@code deletion_log} with the row, in the same statement.
     */
    static String[] withChangeRow(String[] columns, dev.lockstep.domain.json.JsonObject changeRow) {
        String[] texts = java.util.Arrays.copyOf(columns, columns.length + 1);
        texts[columns.length] = PgJson.write(changeRow.members());
        return texts;
    }

    /**
     * @throws DomainException {@code tenant_write_conflict} when a purge of the tenant is queued or
     *     running; nothing is inserted
     */
    public T createGated(T record) {
        Row row = row(record);
        Gate gate = commits.submit(row);
        if (gate == Gate.NO_LOCK_ROW) {
            // the tenant's first write (row lock): make its lock row, then once more
            PostgresRowTenantWriteLocks.ensureLockRows(tx, List.of(row.tenant()));
            gate = commits.submit(row);
        }
        if (gate != Gate.INSERTED) {
            throw DomainException.tenantWriteConflict(row.tenant());
        }
        return record;
    }

    /** The statement a batch of creates is sent with under {@code lock}: one answer per row, in order. */
    PgGroupCommit.Statement<Row, Gate> statement(StorageSettings.TenantLock lock) {
        return lock == StorageSettings.TenantLock.ROW ? this::insertRowGated : this::insertGated;
    }

    /** The group commit of this table's creates (tests look at its queue). */
    PgGroupCommit<Row, Gate> groupCommit() {
        return commits;
    }

    /** Sends {@code batch} for {@code rows} on {@code c} (autocommit), or {@code lone} for one row. */
    private List<Gate> insertGated(Connection c, List<Row> rows) throws SQLException {
        int columns = rows.get(0).texts().length;
        if (rows.size() == 1) {
            Row row = rows.get(0);
            try (PreparedStatement ps = c.prepareStatement(lone)) {
                for (int col = 0; col < columns; col++) {
                    ps.setString(col + 1, row.texts()[col]);
                }
                ps.setString(columns + 1, PostgresTenantWriteLocks.lockKey(row.tenant()));
                boolean inserted =
                        PgRows.first(ps, rs -> rs.getObject(1, UUID.class)).isPresent();
                return List.of(inserted ? Gate.INSERTED : Gate.REFUSED);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(batch)) {
            bindColumns(c, ps, rows, columns);
            String[] keys = new String[rows.size()];
            for (int r = 0; r < keys.length; r++) {
                keys[r] = PostgresTenantWriteLocks.lockKey(rows.get(r).tenant());
            }
            ps.setArray(columns + 1, c.createArrayOf("text", keys));
            Set<UUID> inserted = new HashSet<>(PgRows.all(ps, rs -> rs.getObject(1, UUID.class)));
            List<Gate> answers = new ArrayList<>(rows.size());
            for (Row row : rows) {
                answers.add(inserted.contains(row.id()) ? Gate.INSERTED : Gate.REFUSED);
            }
            return answers;
        }
    }

    /** Sends {@code rowBatch} for {@code rows} on {@code c} (autocommit). */
    private List<Gate> insertRowGated(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(rowBatch)) {
            bindColumns(c, ps, rows, rows.get(0).texts().length);
            Map<UUID, Gate> byId = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Gate gate = rs.getBoolean(2) ? Gate.INSERTED : rs.getBoolean(3) ? Gate.REFUSED : Gate.NO_LOCK_ROW;
                    byId.put(rs.getObject(1, UUID.class), gate);
                }
            }
            List<Gate> answers = new ArrayList<>(rows.size());
            for (Row row : rows) {
                answers.add(byId.getOrDefault(row.id(), Gate.REFUSED));
            }
            return answers;
        }
    }

    /** Binds one {@code text[]} per column, from parameter 1 on. */
    private static void bindColumns(Connection c, PreparedStatement ps, List<Row> rows, int columns)
            throws SQLException {
        for (int col = 0; col < columns; col++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r).texts()[col];
            }
            ps.setArray(col + 1, c.createArrayOf("text", values));
        }
    }
}
