package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Feedback records in memory: the plain reads and the gated create here, a unit's writes in {@link InUnit}. */
final class InMemoryFeedbackRecords extends GatedTenantRows<FeedbackRecord>
        implements FeedbackRecordQueries, FeedbackRecordGatedCreate {

    InMemoryFeedbackRecords(TenantGates gates, Duration rowLockWait) {
        super(
                gates,
                "feedback record",
                rowLockWait,
                FeedbackRecord::id,
                FeedbackRecord::tenantId,
                PurgeCategory.FEEDBACK_RECORDS);
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        // a scan: the in-memory adapter serves demos and other teams' unit tests, not millions of rows
        Set<TenantId> out = new TreeSet<>();
        rows.forEachTenant((tenant, records) -> {
            if (records.stream().anyMatch(r -> user.equals(r.userId()))) {
                out.add(tenant);
            }
        });
        return out;
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The feedback-record writes of one unit. */
    final class InUnit extends Writes implements FeedbackRecordStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
            return rows.update(unit, tenant, id, current -> current.withPayload(payload, at));
        }

        @Override
        public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
            return InMemoryFeedbackRecords.this.tenantsHoldingRecordsOf(user);
        }

        @Override
        public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
            List<UUID> removed = new ArrayList<>();
            for (FeedbackRecord r : rows.snapshot(tenant)) {
                if (user.equals(r.userId()) && rows.delete(unit, tenant, r.id())) {
                    removed.add(r.id());
                }
            }
            return removed;
        }
    }
}
