package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Database transactions bound to the calling thread. A unit of work ({@link #inTransaction}) takes
 * one pooled connection, turns autocommit off, runs, and commits; nested calls on the same thread
 * join it. Outside a unit, {@link #withConnection} runs one autocommit statement — which is how a
 * gated create stays one round trip.
 *
 * <p>Locks are never released by hand: every lock this adapter takes is transaction-scoped
 * ({@code *_xact_lock}, {@code FOR UPDATE}) and ends with the commit or rollback here.
 */
public final class PgTransactions {

    /** A statement or several against one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Statements sent together with COMMIT: the SQL text (empty for none) and how to bind its
     * parameters, which are numbered across all of it.
     */
    public interface WithCommit {
        String sql();

        void bind(PreparedStatement statement) throws SQLException;
    }

    /** State of the transaction on this thread. */
    public static final class Tx {
        private final Connection connection;
        private WithCommit withCommit;
        private final Map<Object, Object> attributes = new HashMap<>();

        Tx(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** Per-transaction state of an adapter class (held tenant locks, buffered log entries). */
        @SuppressWarnings("unchecked")
        public <V> V attribute(Object key, Supplier<V> initial) {
            return (V) attributes.computeIfAbsent(key, k -> initial.get());
        }

        /**
         * Registers the statements to send <b>in the same round trip as COMMIT</b> (at most one
         * registration per transaction). Whatever it holds when the unit ends is sent as
         * {@code <sql>; COMMIT} in one prepared statement; an error in it aborts the transaction
         * before the COMMIT runs, so nothing is written.
         */
        public void sendWithCommit(WithCommit statements) {
            if (withCommit != null && withCommit != statements) {
                throw new IllegalStateException("one set of statements per transaction travels with COMMIT");
            }
            withCommit = statements;
        }
    }

    private final DataSource dataSource;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    public PgTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The transaction running on this thread, or {@code null}. */
    public Tx current() {
        return current.get();
    }

    /** The transaction running on this thread; fails when there is none. */
    public Tx required() {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("no transaction on this thread: call inside TenantWriteLocks");
        }
        return tx;
    }

    /** Runs {@code work} in the thread's transaction, starting one (and committing it) if none runs. */
    public <T> T inTransaction(SqlWork<T> work) {
        Tx outer = current.get();
        if (outer != null) {
            return call(work, outer.connection);
        }
        Connection connection = open();
        Tx tx = new Tx(connection);
        current.set(tx);
        boolean committed = false;
        try {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            commit(connection, tx.withCommit);
            committed = true;
            return result;
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        } finally {
            current.remove();
            if (!committed) {
                rollbackQuietly(connection);
            }
            closeQuietly(connection);
        }
    }

    /** Runs {@code work} on the thread's transaction, or on an autocommit connection of its own. */
    public <T> T withConnection(SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return call(work, tx.connection);
        }
        try (Connection connection = open()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        }
    }

    /**
     * COMMIT, with the registered statements in the same round trip when there are any. pgjdbc's
     * {@code commit()} sends nothing when the server already reports the transaction ended, so the
     * call after an in-band COMMIT only settles the driver's and the pool's state.
     */
    private static void commit(Connection connection, WithCommit withCommit) throws SQLException {
        String sql = withCommit == null ? "" : withCommit.sql();
        if (!sql.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(sql + ";\nCOMMIT")) {
                withCommit.bind(ps);
                ps.execute();
            }
        }
        connection.commit();
    }

    private static <T> T call(SqlWork<T> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        }
    }

    private Connection open() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw DomainException.storageUnavailable(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the server rolled back on its own
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // a broken connection: closing below hands it back to the pool, which evicts it
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do with a connection that cannot even close
        }
    }
}
