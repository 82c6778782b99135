package dev.lockstep.application.feedback;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import java.util.UUID;

/**
 * A client deletes a feedback record. The removal and its one deletion-log entry are one unit of
 * work; a delete that finds the row already gone records nothing and answers not found.
 */
public final class DeleteFeedbackRecord {
  private final StoragePorts storage;

  public DeleteFeedbackRecord(StoragePorts storage) {
    this.storage = storage;
  }

  public void delete(TenantId tenant, UUID id) {
    storage
        .tenantWriteLocks()
        .writeVoid(
            tenant,
            () -> {
              if (!storage.feedbackRecords().delete(tenant, id)) {
                throw DomainException.notFound("feedback record");
              }
              storage.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, id.toString());
            });
  }
}
