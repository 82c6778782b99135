package dev.lockstep.domain.webhook;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A webhook as stored. Its tenant can change: a move re-homes it under both tenants' locks. */
public record Webhook(
    UUID id, TenantId tenantId, WebhookUrl url, EventTypes eventTypes, boolean enabled, Instant createdAt, Instant updatedAt) {
  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(eventTypes, "eventTypes");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** This webhook with {@code change} applied (absent fields kept), changed at {@code at}. */
  public Webhook apply(WebhookChange change, Instant at) {
    return new Webhook(
        id,
        change.tenantId() == null ? tenantId : change.tenantId(),
        change.url() == null ? url : change.url(),
        change.eventTypes() == null ? eventTypes : change.eventTypes(),
        change.enabled() == null ? enabled : change.enabled(),
        createdAt,
        at);
  }
}
