package dev.lockstep.application.feedback;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import java.util.UUID;

/** A client reads one feedback record of a tenant. */
public final class GetFeedbackRecord {
  private final StoragePorts storage;

  public GetFeedbackRecord(StoragePorts storage) {
    this.storage = storage;
  }

  public FeedbackRecord get(TenantId tenant, UUID id) {
    return storage.feedbackRecords().find(tenant, id).orElseThrow(() -> DomainException.notFound("feedback record"));
  }
}
