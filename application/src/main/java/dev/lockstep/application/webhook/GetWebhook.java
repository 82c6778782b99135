package dev.lockstep.application.webhook;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookQueries;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A client reads one webhook of a tenant. */
@Singleton
public final class GetWebhook {
    private final WebhookQueries webhooks;

    public GetWebhook(WebhookQueries webhooks) {
        this.webhooks = webhooks;
    }

    public Webhook get(TenantId tenant, UUID id) {
        return webhooks.find(tenant, id).orElseThrow(() -> DomainException.notFound("webhook"));
    }
}
