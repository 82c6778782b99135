package dev.lockstep.application.webhook;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookQueries;
import jakarta.inject.Singleton;

/** A client pages through a tenant's webhooks, ordered by id. */
@Singleton
public final class ListWebhooks {
    private final WebhookQueries webhooks;

    public ListWebhooks(WebhookQueries webhooks) {
        this.webhooks = webhooks;
    }

    public Page<Webhook> list(TenantId tenant, PageRequest page) {
        return webhooks.list(tenant, page);
    }
}
