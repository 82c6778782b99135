package dev.lockstep.application.webhook;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookUrl;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/** A client registers a webhook; the store's create is gated on the tenant lock by itself. */
@Singleton
public final class CreateWebhook {
    private final WebhookGatedCreate webhooks;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateWebhook(WebhookGatedCreate webhooks, IdGenerator ids, Clock clock) {
        this.webhooks = webhooks;
        this.ids = ids;
        this.clock = clock;
    }

    public Webhook create(TenantId tenant, WebhookUrl url, EventTypes eventTypes, boolean enabled) {
        Instant now = Timestamps.now(clock);
        return webhooks.createGated(new Webhook(ids.newId(), tenant, url, eventTypes, enabled, now, now));
    }
}
