package dev.lockstep.application.feedback;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.ids.IdGenerator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * A client stores a feedback record. Deliberately not wrapped in a unit of work: the create is
 * itself gated on the tenant lock (on PostgreSQL one statement, one round trip), and nothing else
 * is written with it (API.md lists no audit action for it).
 */
@Singleton
public final class CreateFeedbackRecord {
    private final FeedbackRecordGatedCreate records;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateFeedbackRecord(FeedbackRecordGatedCreate records, IdGenerator ids, Clock clock) {
        this.records = records;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @param user may be {@code null}
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} while the tenant is
     *     being purged (nothing stored)
     */
    public FeedbackRecord create(TenantId tenant, UserId user, FeedbackPayload payload) {
        Instant now = Timestamps.now(clock);
        return records.createGated(new FeedbackRecord(ids.newId(), tenant, user, payload, now, now));
    }
}
