package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;

/**
 * PostgreSQL {@link WebhookGatedCreate}: one autocommit INSERT gated like feedback records', shared by
 * the creates that arrive while one is in flight ({@link PgGroupCommit}).
 */
public final class PostgresWebhookGatedCreate extends PgTenantTable.GatedCreate<Webhook> implements WebhookGatedCreate {

    PostgresWebhookGatedCreate(PgContext ctx, BatchSizeMeter meter) {
        super(PostgresWebhookStore.TABLE, ctx, BatchSizeMeter.Kind.WEBHOOK_CREATE, meter);
    }
}
