package dev.lockstep.postgres;

import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookQueries;

/** PostgreSQL {@link WebhookQueries}: one autocommit statement each, no lock. */
public final class PostgresWebhookQueries extends PgTenantTable.Queries<Webhook> implements WebhookQueries {

    PostgresWebhookQueries(PgTransactions tx) {
        super(PostgresWebhookStore.TABLE, tx);
    }
}
