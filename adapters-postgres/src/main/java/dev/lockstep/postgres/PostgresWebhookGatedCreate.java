package dev.lockstep.postgres;

import dev.lockstep.application.GroupCommits;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;

/**
 * PostgreSQL {@link WebhookGatedCreate}: one autocommit INSERT gated like feedback records', shared by
 * the creates that arrive while one is in flight ({@link PgGroupCommit}).
 */
public final class PostgresWebhookGatedCreate extends PgTenantTable.GatedCreate<Webhook> implements WebhookGatedCreate {

    PostgresWebhookGatedCreate(PgContext ctx, GroupCommits meter) {
        super(PostgresWebhookStore.TABLE, ctx, GroupCommits.Kind.WEBHOOK_CREATE, meter);
    }
}
