package dev.lockstep.application.feedback;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import java.time.Clock;
import java.util.UUID;

/** A client replaces a feedback record's payload, under the tenant's shared lock. */
public final class UpdateFeedbackRecord {
  private final StoragePorts storage;
  private final Clock clock;

  public UpdateFeedbackRecord(StoragePorts storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  /** @return the record as it is after the change */
  public FeedbackRecord update(TenantId tenant, UUID id, FeedbackPayload payload) {
    return storage
        .tenantWriteLocks()
        .write(
            tenant,
            () ->
                storage
                    .feedbackRecords()
                    .updatePayload(tenant, id, payload, Timestamps.now(clock))
                    .orElseThrow(() -> DomainException.notFound("feedback record")));
  }
}
