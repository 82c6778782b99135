package dev.lockstep.application.webhook;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client changes a webhook, or moves it to another tenant. A move is a write to both tenants, so
 * it locks both (sorted, all or nothing: if either is being purged nothing moves) and records one
 * {@code webhook.move} audit event in each tenant's log — the source's auditors see it leave, the
 * destination's see it arrive — and one {@code webhook} entry in the source tenant's deletion log,
 * since the row left that tenant's data.
 */
@Singleton
public final class UpdateWebhook {
    private final TenantWriteLocks locks;
    private final Clock clock;

    public UpdateWebhook(TenantWriteLocks locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** @return the webhook as it is after the change (with its new tenant after a move) */
    public Webhook update(TenantId tenant, UUID id, WebhookChange change) {
        return update(tenant, id, change, Idempotency.none());
    }

    /**
     * {@link #update(TenantId, UUID, WebhookChange)} under the request's {@code Idempotency-Key},
     * scoped to the tenant of the request's path.
     */
    public Webhook update(TenantId tenant, UUID id, WebhookChange change, Idempotency<Webhook> idempotency) {
        if (!change.movesFrom(tenant)) {
            return locks.write(
                    tenant,
                    unit -> idempotency.run(unit, () -> {
                        Webhook updated = apply(unit, tenant, id, change);
                        unit.deletionLog()
                                .upserted(tenant, DeletionKind.WEBHOOK, id.toString(), ChangeRows.webhook(updated));
                        return updated;
                    }));
        }
        TenantId to = change.tenantId();
        return locks.write(
                List.of(tenant, to),
                unit -> idempotency.run(unit, () -> {
                    Webhook moved = apply(unit, tenant, id, change);
                    // the row left the source tenant's data: its sync consumers must learn it, exactly once
                    unit.deletionLog().record(tenant, DeletionKind.WEBHOOK, id.toString());
                    // and joined the target tenant's: an upsert there, as a create would be
                    unit.deletionLog().upserted(to, DeletionKind.WEBHOOK, id.toString(), ChangeRows.webhook(moved));
                    Map<String, Object> details = Map.of("fromTenantId", tenant.value(), "toTenantId", to.value());
                    unit.auditLog().record(tenant, AuditAction.WEBHOOK_MOVE, id.toString(), details);
                    unit.auditLog().record(to, AuditAction.WEBHOOK_MOVE, id.toString(), details);
                    return moved;
                }));
    }

    private Webhook apply(TenantUnit unit, TenantId tenant, UUID id, WebhookChange change) {
        return unit.webhooks()
                .update(tenant, id, change, Timestamps.now(clock))
                .orElseThrow(() -> DomainException.notFound("webhook"));
    }
}
