package dev.lockstep.application.feedback;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/** A client replaces a feedback record's payload, under the tenant's shared lock. */
@Singleton
public final class UpdateFeedbackRecord {
    private final TenantWriteLocks locks;
    private final Clock clock;

    public UpdateFeedbackRecord(TenantWriteLocks locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** @return the record as it is after the change */
    public FeedbackRecord update(TenantId tenant, UUID id, FeedbackPayload payload) {
        return update(tenant, id, payload, Idempotency.none());
    }

    /** {@link #update(TenantId, UUID, FeedbackPayload)} under the request's {@code Idempotency-Key}. */
    public FeedbackRecord update(
            TenantId tenant, UUID id, FeedbackPayload payload, Idempotency<FeedbackRecord> idempotency) {
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    FeedbackRecord updated = unit.feedbackRecords()
                            .updatePayload(tenant, id, payload, Timestamps.now(clock))
                            .orElseThrow(() -> DomainException.notFound("feedback record"));
                    unit.deletionLog()
                            .upserted(
                                    tenant,
                                    DeletionKind.FEEDBACK_RECORD,
                                    id.toString(),
                                    ChangeRows.feedbackRecord(updated));
                    return updated;
                }));
    }
}
