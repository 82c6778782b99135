package dev.lockstep.application.feedback;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * GDPR: an operator deletes every feedback record of a user, in every tenant, all or nothing.
 *
 * <p>The tenants are listed first, then all of them are locked (sorted, one unit of work; if any is
 * being purged nothing happens and the answer is {@code tenant_write_conflict}). The set can drift
 * between listing and locking: a record of the user may have been created in a tenant that was not
 * listed, and it would escape the delete. So the tenants are listed again inside the lock; when the
 * set grew, the unit is abandoned (nothing deleted) and the whole thing is tried again with the new
 * set, at most {@value #ATTEMPTS} times, then it answers {@code tenant_write_conflict} (retryable).
 * A record created after the in-lock listing is ordered after this delete, like any later write.
 */
@Singleton
public final class DeleteUserFeedbackRecords {
    static final int ATTEMPTS = 3;

    private final FeedbackRecordQueries records;
    private final TenantWriteLocks locks;

    public DeleteUserFeedbackRecords(FeedbackRecordQueries records, TenantWriteLocks locks) {
        this.records = records;
        this.locks = locks;
    }

    /** How many records went per tenant (tenants where none went are absent), sorted by tenant id. */
    public record Result(Map<TenantId, Integer> deletedByTenant) {
        public Result {
            deletedByTenant = Collections.unmodifiableMap(new TreeMap<>(deletedByTenant));
        }
    }

    private record Attempt(Result result, Set<TenantId> drifted) {}

    public Result delete(UserId user) {
        Set<TenantId> listed = records.tenantsHoldingRecordsOf(user);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (listed.isEmpty()) {
                return new Result(Map.of());
            }
            Set<TenantId> locked = listed;
            Attempt outcome = locks.write(locked, unit -> {
                Set<TenantId> now = unit.feedbackRecords().tenantsHoldingRecordsOf(user);
                if (!locked.containsAll(now)) {
                    return new Attempt(null, now); // drift: nothing deleted yet
                }
                Map<TenantId, Integer> counts = new TreeMap<>();
                for (TenantId tenant : locked) {
                    List<UUID> ids = unit.feedbackRecords().deleteAllOf(tenant, user);
                    unit.deletionLog()
                            .recordAll(
                                    tenant,
                                    DeletionKind.FEEDBACK_RECORD,
                                    ids.stream().map(UUID::toString).toList());
                    if (!ids.isEmpty()) {
                        counts.put(tenant, ids.size());
                    }
                }
                return new Attempt(new Result(counts), null);
            });
            if (outcome.result() != null) {
                return outcome.result();
            }
            listed = outcome.drifted();
        }
        throw new DomainException(
                ErrorCode.TENANT_WRITE_CONFLICT,
                "records of user " + user.value() + " kept appearing in further tenants while deleting; retry later");
    }
}
