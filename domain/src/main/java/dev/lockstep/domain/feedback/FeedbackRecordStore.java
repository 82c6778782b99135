package dev.lockstep.domain.feedback;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Feedback-record writes of one unit of work ({@link dev.lockstep.domain.tenant.TenantUnit}); the
 * unit holds the tenant. Every mutation by id is scoped to the tenant ({@code tenant_id = ? AND id =
 * ?}): an id of another tenant is simply not found. A row held by another unit is waited for at most
 * the storage's row-lock bound, then the change fails with the retryable {@code lock_timeout}.
 */
public interface FeedbackRecordStore {

    /**
     * Inserts {@code record} in this unit, which already holds its tenant (a create on its own is
     * {@link FeedbackRecordGatedCreate}).
     */
    FeedbackRecord create(FeedbackRecord record);

    /**
     * Replaces the payload.
     *
     * @return the record after the change, or empty when the tenant has no such record
     */
    Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at);

    /**
     * Removes the record.
     *
     * @return whether this call removed it (false when it was already gone)
     */
    boolean delete(TenantId tenant, UUID id);

    /**
     * The tenants holding at least one record of {@code user}, sorted, read inside the unit (a GDPR
     * delete re-lists under its tenant locks to detect drift).
     */
    Set<TenantId> tenantsHoldingRecordsOf(UserId user);

    /**
     * Removes every record of {@code user} in {@code tenant}.
     *
     * @return the ids this call removed
     */
    List<UUID> deleteAllOf(TenantId tenant, UserId user);
}
