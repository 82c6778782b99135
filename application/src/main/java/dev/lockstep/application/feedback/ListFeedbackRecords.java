package dev.lockstep.application.feedback;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;

/** A client pages through a tenant's feedback records, oldest first (ids are time-ordered). */
public final class ListFeedbackRecords {
  private final StoragePorts storage;

  public ListFeedbackRecords(StoragePorts storage) {
    this.storage = storage;
  }

  public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
    return storage.feedbackRecords().list(tenant, page);
  }
}
