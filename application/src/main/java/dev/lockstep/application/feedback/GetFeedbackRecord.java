package dev.lockstep.application.feedback;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A client reads one feedback record of a tenant. */
@Singleton
public final class GetFeedbackRecord {
    private final FeedbackRecordQueries records;

    public GetFeedbackRecord(FeedbackRecordQueries records) {
        this.records = records;
    }

    public FeedbackRecord get(TenantId tenant, UUID id) {
        return records.find(tenant, id).orElseThrow(() -> DomainException.notFound("feedback record"));
    }
}
