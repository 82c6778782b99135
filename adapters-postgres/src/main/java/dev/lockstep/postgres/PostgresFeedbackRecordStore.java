package dev.lockstep.postgres;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** PostgreSQL {@link FeedbackRecordStore}. */
public final class PostgresFeedbackRecordStore implements FeedbackRecordStore, TenantOwnedStore {
  private final PgContext ctx;

  public PostgresFeedbackRecordStore(PgContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
