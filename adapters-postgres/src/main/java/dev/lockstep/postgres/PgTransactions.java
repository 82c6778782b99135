package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The two ways this adapter talks to the database. {@link #inUnit} runs a unit of work: it takes one
 * pooled connection, turns autocommit off, hands the work an explicit {@link PgUnit}, and commits it
 * (or rolls it back when the work fails). {@link #autocommit} runs one statement on a pooled
 * connection as its own transaction — which is how a query or a gated create stays one round trip.
 * Nothing is bound to the calling thread: whatever runs in a unit gets the unit passed to it.
 *
 * <p>Locks are never released by hand: every lock this adapter takes is transaction-scoped
 * ({@code *_xact_lock}, {@code FOR UPDATE}) and ends with the commit or rollback here.
 */
final class PgTransactions {

    /** The body of a unit of work. */
    @FunctionalInterface
    interface UnitBody<T> {
        T run(PgUnit unit) throws SQLException;
    }

    private final DataSource dataSource;
    private final LockWaits lockWaits;

    PgTransactions(DataSource dataSource, LockWaits lockWaits) {
        this.dataSource = dataSource;
        this.lockWaits = lockWaits;
    }

    /** Runs {@code body} as one transaction; commits when it returns, rolls back when it throws. */
    <T> T inUnit(UnitBody<T> body) {
        Connection connection = open();
        boolean committed = false;
        try {
            connection.setAutoCommit(false);
            PgUnit unit = new PgUnit(connection, lockWaits);
            T result = body.run(unit);
            unit.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        } finally {
            if (!committed) {
                rollbackQuietly(connection);
            }
            closeQuietly(connection);
        }
    }

    /** Runs {@code work} on a pooled connection in autocommit: each statement is its own transaction. */
    <T> T autocommit(PgUnit.SqlWork<T> work) {
        try (Connection connection = open()) {
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
