package dev.lockstep.domain.feedback;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A feedback record as stored: tenant-owned, optionally linked to a user (the GDPR delete finds
 * records by {@code userId} across tenants).
 */
public record FeedbackRecord(
    UUID id, TenantId tenantId, UserId userId, FeedbackPayload payload, Instant createdAt, Instant updatedAt) {
  public FeedbackRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The same record with a new payload, changed at {@code at}. */
  public FeedbackRecord withPayload(FeedbackPayload newPayload, Instant at) {
    return new FeedbackRecord(id, tenantId, userId, newPayload, createdAt, at);
  }
}
