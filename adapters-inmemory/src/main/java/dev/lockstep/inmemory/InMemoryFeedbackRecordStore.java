package dev.lockstep.inmemory;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** In-memory {@link FeedbackRecordStore}. */
public final class InMemoryFeedbackRecordStore implements FeedbackRecordStore, TenantOwnedStore {
  private final InMemoryContext ctx;

  public InMemoryFeedbackRecordStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
