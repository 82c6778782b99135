package dev.lockstep.application.webhook;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client changes a webhook, or moves it to another tenant. A move is a write to both tenants, so
 * it locks both (sorted, all or nothing: if either is being purged nothing moves) and records one
 * {@code webhook.move} audit event in each tenant's log — the source's auditors see it leave, the
 * destination's see it arrive.
 */
public final class UpdateWebhook {
  private final StoragePorts storage;
  private final Clock clock;

  public UpdateWebhook(StoragePorts storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  /** @return the webhook as it is after the change (with its new tenant after a move) */
  public Webhook update(TenantId tenant, UUID id, WebhookChange change) {
    if (!change.movesFrom(tenant)) {
      return storage.tenantWriteLocks().write(tenant, () -> apply(tenant, id, change));
    }
    TenantId to = change.tenantId();
    return storage
        .tenantWriteLocks()
        .write(
            List.of(tenant, to),
            () -> {
              Webhook moved = apply(tenant, id, change);
              Map<String, Object> details = Map.of("fromTenantId", tenant.value(), "toTenantId", to.value());
              storage.auditLog().record(tenant, AuditLog.WEBHOOK_MOVE, id.toString(), details);
              storage.auditLog().record(to, AuditLog.WEBHOOK_MOVE, id.toString(), details);
              return moved;
            });
  }

  private Webhook apply(TenantId tenant, UUID id, WebhookChange change) {
    return storage
        .webhooks()
        .update(tenant, id, change, Timestamps.now(clock))
        .orElseThrow(() -> DomainException.notFound("webhook"));
  }
}
