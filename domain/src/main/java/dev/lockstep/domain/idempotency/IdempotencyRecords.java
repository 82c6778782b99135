package dev.lockstep.domain.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * The stored answers of requests that carried an {@code Idempotency-Key}, scoped to one unit of
 * work ({@link dev.lockstep.domain.tenant.TenantUnit#idempotency()}): an answer is saved in the
 * same transaction as the write it answers, so it exists exactly when the write does.
 *
 * <p>Lock order: taken after the tenant lock(s) and before any row lock (a scope lock).
 */
public interface IdempotencyRecords {

    /**
     * Claims {@code scope} for this unit without waiting: the claim is held until the unit ends, so
     * of two units with the same scope at most one runs at a time, on every server instance of one
     * storage.
     *
     * @return false when another unit holds the claim (the first request is still running)
     */
    boolean tryClaim(IdempotencyScope scope);

    /**
     * The answer stored for {@code scope}, read after {@link #tryClaim} succeeded (so it sees the
     * answer of any unit that held the claim before); an answer expired at {@code now} is absent.
     */
    Optional<StoredAnswer> find(IdempotencyScope scope, Instant now);

    /** Stores {@code answer} for {@code scope} in this unit, over any expired answer of the scope. */
    void save(IdempotencyScope scope, StoredAnswer answer, Instant createdAt, Instant expiresAt);
}
