package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Translates database failures so that no SQL state leaks upward. Stores catch the states they
 * expect in context (a unique violation that means "already exists") before this; what reaches here
 * is generic.
 */
final class PgErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String QUERY_CANCELED = "57014";

    private PgErrors() {}

    public static boolean is(SQLException e, String sqlState) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && sqlState.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P")))) {
            return DomainException.storageUnavailable(e);
        }
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return DomainException.lockTimeout("a row");
        }
        return new IllegalStateException("database error " + state + ": " + e.getMessage(), e);
    }
}
