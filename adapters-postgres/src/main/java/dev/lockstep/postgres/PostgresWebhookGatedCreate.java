package dev.lockstep.postgres;

import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;

/** PostgreSQL {@link WebhookGatedCreate}: one autocommit INSERT gated like feedback records'. */
public final class PostgresWebhookGatedCreate extends PgTenantTable.GatedCreate<Webhook> implements WebhookGatedCreate {

    PostgresWebhookGatedCreate(PgContext ctx) {
        super(PostgresWebhookStore.TABLE, ctx);
    }
}
