package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One unit of work on PostgreSQL: one pooled connection with autocommit off, and what the adapter
 * keeps for the unit's length (the tenant locks it holds, whether its row-lock waits are bounded
 * yet, the statements that travel with its COMMIT). {@link PgTransactions#inUnit} opens, commits and
 * rolls it back; the stores of the unit are bound to it and never reach it any other way.
 *
 * <p>Confined to the thread running the unit's work, like the JDBC connection it wraps.
 */
final class PgUnit {

    /** The text every {@code SET LOCAL lock_timeout} of this adapter starts with. */
    private static final String SET_LOCK_TIMEOUT = "SET LOCAL lock_timeout = ";

    /** A statement or several against the unit's connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Statements sent together with COMMIT: the SQL text (empty for none) and how to bind its
     * parameters, which are numbered across all of it.
     */
    interface WithCommit {
        String sql();

        void bind(PreparedStatement statement) throws SQLException;
    }

    private final Connection connection;
    private final LockWaits lockWaits;
    private final Set<TenantId> heldTenants = new HashSet<>();
    private boolean rowLockWaitsBounded;
    private WithCommit withCommit;

    PgUnit(Connection connection, LockWaits lockWaits) {
        this.connection = connection;
        this.lockWaits = lockWaits;
    }

    /**
     * Runs the statement that waits for a lock of {@code kind} and reports how long it took, and
     * whether the lock was granted ({@code 55P03}: not granted within the bound) or, for a try,
     * {@code granted} says so.
     */
    <T> T awaitingLock(LockWaits.Kind kind, SqlWork<T> statement, java.util.function.Predicate<T> granted)
            throws SQLException {
        long start = System.nanoTime();
        try {
            T result = statement.run(connection);
            lockWaits.waited(kind, Duration.ofNanos(System.nanoTime() - start), granted.test(result));
            return result;
        } catch (SQLException e) {
            if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                lockWaits.waited(kind, Duration.ofNanos(System.nanoTime() - start), false);
            }
            throw e;
        }
    }

    /** {@link #awaitingLock(LockWaits.Kind, SqlWork, java.util.function.Predicate)} for a wait that grants or fails. */
    <T> T awaitingLock(LockWaits.Kind kind, SqlWork<T> statement) throws SQLException {
        return awaitingLock(kind, statement, result -> true);
    }

    /**
     * {@code SET LOCAL lock_timeout = '<bound>ms'}: bounds every lock wait of the rest of the
     * transaction (it ends with it). A wait that runs out fails with {@code 55P03}. The one place this
     * statement is written; whoever sends it builds it here.
     */
    static String lockTimeoutSql(Duration bound) {
        return SET_LOCK_TIMEOUT + "'" + Math.max(1, bound.toMillis()) + "ms'";
    }

    /** {@code SET LOCAL lock_timeout = 0}: the rest of the transaction waits for locks without bound. */
    static String liftedLockTimeoutSql() {
        return SET_LOCK_TIMEOUT + "0";
    }

    Connection connection() {
        return connection;
    }

    /** Runs statements in this unit; a database failure is translated once, by {@link PgErrors}. */
    <T> T run(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw PgErrors.translate(e, connection, PgErrors.Phase.BEFORE_COMMIT);
        }
    }

    /** Sends {@code SET LOCAL lock_timeout} with {@code bound} now. */
    void boundLockWaits(Duration bound) throws SQLException {
        execute(lockTimeoutSql(bound));
    }

    /** Lifts the bound: from now on the unit's lock waits are not cut short. */
    void liftLockBound() throws SQLException {
        execute(liftedLockTimeoutSql());
    }

    /**
     * Bounds the row-lock waits of this unit with {@code rowLockWait}, once per unit: a wait that runs
     * out fails with {@code 55P03}, which {@link PgErrors#translate} turns into the retryable
     * {@code lock_timeout}.
     */
    void boundRowLockWaits(Duration rowLockWait) throws SQLException {
        if (!rowLockWaitsBounded) {
            boundLockWaits(rowLockWait);
            rowLockWaitsBounded = true;
        }
    }

    /**
     * Records that a {@link #lockTimeoutSql} the caller sent itself, in the same round trip as its
     * first statement, bounds the unit's lock waits from now on.
     */
    void lockWaitsBoundedInBand() {
        rowLockWaitsBounded = true;
    }

    /** Records that this unit holds {@code tenant}'s write lock (shared or exclusive). */
    void holding(TenantId tenant) {
        heldTenants.add(tenant);
    }

    boolean holds(TenantId tenant) {
        return heldTenants.contains(tenant);
    }

    /**
     * A write of a tenant-owned row joins the unit only when the unit holds that tenant's lock: a
     * write of another tenant would run without its lock, a bug of the caller.
     */
    void requireHeld(TenantId tenant) {
        if (!holds(tenant)) {
            throw new IllegalStateException("this unit of work does not hold tenant " + tenant.value()
                    + ": ask TenantWriteLocks for every tenant the work writes");
        }
    }

    /**
     * Registers the statements to send <b>in the same round trip as COMMIT</b> (at most one
     * registration per unit). Whatever it holds when the unit ends is sent as {@code <sql>; COMMIT} in
     * one prepared statement; an error in it aborts the transaction before the COMMIT runs, so
     * nothing is written.
     */
    void sendWithCommit(WithCommit statements) {
        if (withCommit != null && withCommit != statements) {
            throw new IllegalStateException("one set of statements per transaction travels with COMMIT");
        }
        withCommit = statements;
    }

    /**
     * COMMIT, with the registered statements in the same round trip when there are any. pgjdbc's
     * {@code commit()} sends nothing when the server already reports the transaction ended, so the
     * call after an in-band COMMIT only settles the driver's and the pool's state.
     *
     * <p>A failure here is classified as one after the COMMIT was sent: a connection that breaks now
     * leaves the outcome unknown ({@code outcome_unknown}), while an error the server reports (a
     * lock not granted, a deadlock) means it rolled back and nothing was written.
     */
    void commit() {
        try {
            String sql = withCommit == null ? "" : withCommit.sql();
            if (!sql.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement(sql + ";\nCOMMIT")) {
                    withCommit.bind(ps);
                    ps.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw PgErrors.translate(e, connection, PgErrors.Phase.COMMIT_SENT);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
