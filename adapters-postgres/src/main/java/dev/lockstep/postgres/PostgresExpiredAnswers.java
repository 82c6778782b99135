package dev.lockstep.postgres;

import dev.lockstep.domain.idempotency.ExpiredAnswers;
import java.sql.PreparedStatement;
import java.time.Instant;

/** The sweep of expired stored answers: one autocommit DELETE per batch. */
public final class PostgresExpiredAnswers implements ExpiredAnswers {

    /**
     * Takes no tenant lock: an expired answer already counts as absent, so removing it changes no
     * request's outcome. Picks at most {@code limit} rows by the expiry index and skips rows another
     * transaction holds (a unit overwriting an expired answer under its claim keeps it), so the sweep
     * never waits for a row lock.
     */
    static final String REMOVE_EXPIRED =
            """
            DELETE FROM idempotency_keys
             WHERE ctid IN (SELECT ctid FROM idempotency_keys
                             WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)
               AND expires_at <= ?""";

    private final PgTransactions tx;

    PostgresExpiredAnswers(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        return tx.autocommitWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(REMOVE_EXPIRED)) {
                ps.setObject(1, PgRows.ts(now));
                ps.setInt(2, limit);
                ps.setObject(3, PgRows.ts(now));
                return ps.executeUpdate();
            }
        });
    }
}
