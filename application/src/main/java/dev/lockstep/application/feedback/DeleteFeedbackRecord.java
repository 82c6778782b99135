package dev.lockstep.application.feedback;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * A client deletes a feedback record. The removal and its one deletion-log entry are one unit of
 * work; a delete that finds the row already gone records nothing and answers not found.
 */
@Singleton
public final class DeleteFeedbackRecord {
    private final TenantWriteLocks locks;

    public DeleteFeedbackRecord(TenantWriteLocks locks) {
        this.locks = locks;
    }

    public void delete(TenantId tenant, UUID id) {
        locks.write(tenant, unit -> {
            if (!unit.feedbackRecords().delete(tenant, id)) {
                throw DomainException.notFound("feedback record");
            }
            unit.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, id.toString());
            return null;
        });
    }
}
