package dev.lockstep.domain.webhook;

import dev.lockstep.domain.TenantId;

/**
 * A PATCH of a webhook: {@code null} fields stay as they are. A non-null {@code tenantId} that
 * differs from the current tenant moves the webhook.
 */
public record WebhookChange(WebhookUrl url, EventTypes eventTypes, Boolean enabled, TenantId tenantId) {

  /** Whether this change re-homes a webhook currently owned by {@code current}. */
  public boolean movesFrom(TenantId current) {
    return tenantId != null && !tenantId.equals(current);
  }
}
