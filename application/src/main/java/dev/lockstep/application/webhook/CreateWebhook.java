package dev.lockstep.application.webhook;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookUrl;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * A client registers a webhook; the store's create is gated on the tenant lock by itself. With an
 * {@code Idempotency-Key} the stored answer must commit with the row, so the create runs as a unit
 * under the tenant's shared lock, through the unit's store.
 */
@Singleton
public final class CreateWebhook {
    private final WebhookGatedCreate webhooks;
    private final TenantWriteLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateWebhook(WebhookGatedCreate webhooks, TenantWriteLocks locks, IdGenerator ids, Clock clock) {
        this.webhooks = webhooks;
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    public Webhook create(TenantId tenant, WebhookUrl url, EventTypes eventTypes, boolean enabled) {
        return create(tenant, url, eventTypes, enabled, Idempotency.none());
    }

    /** {@link #create(TenantId, WebhookUrl, EventTypes, boolean)} under the request's {@code Idempotency-Key}. */
    public Webhook create(
            TenantId tenant, WebhookUrl url, EventTypes eventTypes, boolean enabled, Idempotency<Webhook> idempotency) {
        Instant now = Timestamps.now(clock);
        Webhook webhook = new Webhook(ids.newId(), tenant, url, eventTypes, enabled, now, now);
        if (!idempotency.keyed()) {
            return webhooks.createGated(webhook);
        }
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    Webhook created = unit.webhooks().create(webhook);
                    unit.deletionLog()
                            .upserted(
                                    tenant, DeletionKind.WEBHOOK, created.id().toString(), ChangeRows.webhook(created));
                    return created;
                }));
    }
}
