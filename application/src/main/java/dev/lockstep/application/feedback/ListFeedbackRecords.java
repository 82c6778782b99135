package dev.lockstep.application.feedback;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import jakarta.inject.Singleton;

/** A client pages through a tenant's feedback records, oldest first (ids are time-ordered). */
@Singleton
public final class ListFeedbackRecords {
    private final FeedbackRecordQueries records;

    public ListFeedbackRecords(FeedbackRecordQueries records) {
        this.records = records;
    }

    public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
        return records.list(tenant, page);
    }
}
