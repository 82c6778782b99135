package dev.lockstep.domain.idempotency;

import java.time.Instant;

/**
 * Housekeeping of the stored answers: removes those whose time is up, so the table holds about one
 * TTL's worth of keys. Outside any unit of work and any tenant lock: an expired answer already counts
 * as absent ({@link IdempotencyRecords#find}), so removing it changes no request's outcome, and a
 * purge that removes the same rows at the same time is harmless.
 */
public interface ExpiredAnswers {

    /**
     * Removes at most {@code limit} answers that expired at or before {@code now}, as one short
     * statement of its own.
     *
     * @return how many went
     */
    int removeExpired(Instant now, int limit);
}
