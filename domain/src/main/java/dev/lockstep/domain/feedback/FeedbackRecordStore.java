package dev.lockstep.domain.feedback;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.RowLocks;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Feedback records: tenant-owned rows whose create is gated on the tenant lock.
 *
 * <p>Every mutation by id is scoped to the tenant inside the unit of work ({@code tenant_id = ? AND
 * id = ?}): an id of another tenant is simply not found.
 */
public interface FeedbackRecordStore extends TenantOwnedStore {

    /**
     * How long an update or delete waits for another unit of work holding the same row (units are
     * short); past it the change fails with the retryable {@code lock_timeout}.
     */
    Duration ROW_LOCK_TIMEOUT = RowLocks.WAIT_BOUND;

    /**
     * Inserts {@code record} gated on its tenant's shared write lock. Called outside a unit of work it
     * is one atomic step that takes the shared try-lock itself (on PostgreSQL: one statement that
     * inserts only when the try-lock is granted); inside a unit it joins it.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} when a purge of the
     *     tenant is queued or running; nothing is inserted
     */
    FeedbackRecord create(FeedbackRecord record);

    Optional<FeedbackRecord> find(TenantId tenant, UUID id);

    /** Records of the tenant ordered by id (time-ordered UUIDv7); the cursor is the last id. */
    Page<FeedbackRecord> list(TenantId tenant, PageRequest page);

    /**
     * Replaces the payload. Must run inside a {@link dev.lockstep.domain.tenant.TenantWriteLocks}
     * unit holding the tenant.
     *
     * @return the record after the change, or empty when the tenant has no such record
     */
    Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, java.time.Instant at);

    /**
     * Removes the record. Must run inside a unit holding the tenant.
     *
     * @return whether this call removed it (false when it was already gone)
     */
    boolean delete(TenantId tenant, UUID id);

    /** The tenants currently holding at least one record of {@code user}, sorted. */
    Set<TenantId> tenantsHoldingRecordsOf(UserId user);

    /**
     * Removes every record of {@code user} in {@code tenant}. Must run inside a unit holding the
     * tenant.
     *
     * @return the ids this call removed
     */
    List<UUID> deleteAllOf(TenantId tenant, UserId user);
}
