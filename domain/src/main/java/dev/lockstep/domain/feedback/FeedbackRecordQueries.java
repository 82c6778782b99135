package dev.lockstep.domain.feedback;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads of feedback records, each one atomic read outside any unit of work. */
public interface FeedbackRecordQueries {

    Optional<FeedbackRecord> find(TenantId tenant, UUID id);

    /** Records of the tenant ordered by id (time-ordered UUIDv7); the cursor is the last id. */
    Page<FeedbackRecord> list(TenantId tenant, PageRequest page);

    /** The tenants currently holding at least one record of {@code user}, sorted. */
    Set<TenantId> tenantsHoldingRecordsOf(UserId user);
}
