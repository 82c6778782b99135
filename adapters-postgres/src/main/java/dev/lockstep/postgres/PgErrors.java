package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one place a database failure is classified, by its cause, wherever it surfaced (a statement,
 * a savepoint, a rollback, the COMMIT, the pool), so that no SQL state leaks upward and no expected
 * fault becomes a 500:
 *
 * <ul>
 *   <li>the connection is broken or closed (a {@code 08…} state, the server shutting the backend
 *       down, the pool's own "Connection is closed") → {@code storage_unavailable} while the COMMIT
 *       was not sent yet, {@code outcome_unknown} once it was;
 *   <li>no connection within the pool's wait → {@code storage_unavailable};
 *   <li>a deadlock ({@code 40P01}) or a serialization failure ({@code 40001}) → {@link RetryUnit}:
 *       the transaction was rolled back by the server, and {@link PgTransactions} runs the whole unit
 *       of work again (bounded), then answers {@code storage_unavailable};
 *   <li>a cancelled statement ({@code 57014}: {@code statement_timeout}, {@code pg_cancel_backend})
 *       → {@code storage_unavailable}; the transaction is rolled back, nothing was written;
 *   <li>a lock not granted within the unit's {@code lock_timeout} ({@code 55P03}) → {@code lock_timeout};
 *   <li>a write refused because the server is read-only ({@code 25006}: a standby, reached by a URL
 *       that does not ask for the primary, or a primary demoted under a single-host URL) → {@code
 *       storage_unavailable}; nothing was written.
 * </ul>
 *
 * Anything else is a programming error (bad SQL, a broken constraint the code should have
 * prevented) and stays an {@link IllegalStateException}: the one kind of failure that answers 500.
 * Stores catch the states they expect in context (a unique violation that means "already exists")
 * before this.
 */
final class PgErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String QUERY_CANCELED = "57014";
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";

    /**
     * Server states that end the session: admin shutdown ({@code pg_terminate_backend}), crash
     * shutdown, cannot connect now; and every connection exception ({@code 08…}) by prefix.
     */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");

    /** What HikariCP throws, without a SQL state, for any call on a connection it already closed. */
    private static final String POOL_CLOSED_MESSAGE = "Connection is closed";

    /** Where the failure surfaced relative to the COMMIT, which decides what a broken connection means. */
    enum Phase {
        /** Nothing was committed: the transaction is gone with the connection. */
        BEFORE_COMMIT,
        /** The COMMIT (or a statement in autocommit that writes) was sent: it may have happened. */
        COMMIT_SENT
    }

    /**
     * The unit of work lost a deadlock or a serialization conflict: the server rolled it back, so
     * running it again from the start is safe. Only {@link PgTransactions} catches it.
     */
    static final class RetryUnit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryUnit(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private PgErrors() {}

    public static boolean is(SQLException e, String sqlState) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && sqlState.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** {@link #translate(SQLException, Connection, Phase)} before any COMMIT was sent. */
    public static RuntimeException translate(SQLException e) {
        return translate(e, null, Phase.BEFORE_COMMIT);
    }

    /**
     * Classifies {@code e} by its cause.
     *
     * @param connection the connection it surfaced on, when known: a closed one means the cause is a
     *     broken connection even when the exception says nothing more
     */
    public static RuntimeException translate(SQLException e, Connection connection, Phase phase) {
        if (is(e, DEADLOCK_DETECTED) || is(e, SERIALIZATION_FAILURE)) {
            return new RetryUnit(e);
        }
        if (broken(e, connection)) {
            return phase == Phase.COMMIT_SENT
                    ? DomainException.outcomeUnknown(e)
                    : DomainException.storageUnavailable(e);
        }
        if (is(e, QUERY_CANCELED) || is(e, READ_ONLY_SQL_TRANSACTION)) {
            return DomainException.storageUnavailable(e);
        }
        if (is(e, LOCK_NOT_AVAILABLE)) {
            return DomainException.lockTimeout("a row");
        }
        return new IllegalStateException("database error " + e.getSQLState() + ": " + e.getMessage(), e);
    }

    /** The deadlock or serialization conflict that was still lost on the last attempt. */
    static DomainException retriesExhausted(RetryUnit e) {
        return DomainException.storageUnavailable(e.getCause());
    }

    /** Whether {@code e} means the connection cannot be used any more. */
    static boolean broken(SQLException e, Connection connection) {
        if (e instanceof SQLTransientConnectionException) {
            return true; // the pool handed out no connection in time
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || SESSION_ENDED.contains(state))) {
                    return true;
                }
                if (state == null && POOL_CLOSED_MESSAGE.equals(s.getMessage())) {
                    return true;
                }
            }
        }
        return connection != null && isClosed(connection);
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
