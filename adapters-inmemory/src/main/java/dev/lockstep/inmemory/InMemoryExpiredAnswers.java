package dev.lockstep.inmemory;

import dev.lockstep.domain.idempotency.ExpiredAnswers;
import java.time.Instant;

/** The sweep of expired stored answers in H2: one auto-commit DELETE per batch, by the expiry index. */
final class InMemoryExpiredAnswers implements ExpiredAnswers {
    static final String REMOVE_EXPIRED = "DELETE FROM idempotency_keys WHERE expires_at <= ? LIMIT ?";

    private final InMemoryDatabase db;

    InMemoryExpiredAnswers(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        return db.read(c -> Jdbc.update(c, REMOVE_EXPIRED, now, limit));
    }
}
