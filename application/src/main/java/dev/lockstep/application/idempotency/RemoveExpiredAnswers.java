package dev.lockstep.application.idempotency;

import dev.lockstep.domain.idempotency.ExpiredAnswers;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * The periodic sweep of stored answers past {@code lockstep.idempotency.ttl}: removes them in
 * batches of {@value #BATCH}, each its own short statement so no sweep holds locks for long, and at
 * most {@value #MAX_BATCHES} batches per run so one run is bounded; the next run takes the rest.
 */
@Singleton
public final class RemoveExpiredAnswers {
    static final int BATCH = 1_000;
    static final int MAX_BATCHES = 100;

    private final ExpiredAnswers answers;
    private final Clock clock;

    public RemoveExpiredAnswers(ExpiredAnswers answers, Clock clock) {
        this.answers = answers;
        this.clock = clock;
    }

    /** @return how many expired answers went in this run */
    public long run() {
        Instant now = clock.instant();
        long removed = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int n = answers.removeExpired(now, BATCH);
            removed += n;
            if (n < BATCH) {
                break;
            }
        }
        return removed;
    }
}
