package dev.lockstep.application.feedback;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * A client stores a feedback record. Without an {@code Idempotency-Key} deliberately not wrapped in
 * a unit of work: the create is itself gated on the tenant lock (on PostgreSQL one statement, one
 * round trip), and nothing else is written with it (API.md lists no audit action for it). With a
 * key the stored answer must commit with the row, so the create runs as a unit under the tenant's
 * shared lock, through the unit's store.
 */
@Singleton
public final class CreateFeedbackRecord {
    private final FeedbackRecordGatedCreate records;
    private final TenantWriteLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateFeedbackRecord(
            FeedbackRecordGatedCreate records, TenantWriteLocks locks, IdGenerator ids, Clock clock) {
        this.records = records;
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @param user may be {@code null}
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} while the tenant is
     *     being purged (nothing stored)
     */
    public FeedbackRecord create(TenantId tenant, UserId user, FeedbackPayload payload) {
        return create(tenant, user, payload, Idempotency.none());
    }

    /** {@link #create(TenantId, UserId, FeedbackPayload)} under the request's {@code Idempotency-Key}. */
    public FeedbackRecord create(
            TenantId tenant, UserId user, FeedbackPayload payload, Idempotency<FeedbackRecord> idempotency) {
        Instant now = Timestamps.now(clock);
        FeedbackRecord record = new FeedbackRecord(ids.newId(), tenant, user, payload, now, now);
        if (!idempotency.keyed()) {
            return records.createGated(record);
        }
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    FeedbackRecord created = unit.feedbackRecords().create(record);
                    unit.deletionLog()
                            .upserted(
                                    tenant,
                                    DeletionKind.FEEDBACK_RECORD,
                                    created.id().toString(),
                                    ChangeRows.feedbackRecord(created));
                    return created;
                }));
    }
}
