package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;

/**
 * PostgreSQL {@link WebhookGatedCreate}: one autocommit INSERT gated like feedback records', shared by
 * the creates that arrive while one is in flight ({@link PgGatedCreate}, {@link PgGroupCommit}).
 */
public final class PostgresWebhookGatedCreate extends PgGatedCreate<Webhook> implements WebhookGatedCreate {

    /**
     * Lock: the webhook's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; refused, nothing is inserted. A batch of one, on scalar parameters.
     */
    static final String INSERT_GATED_ONE =
            """
            INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
            SELECT ?::text, ?::uuid, ?::text, ?::text[], ?::boolean, ?::timestamptz, ?::timestamptz
             WHERE %s
            RETURNING id"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_CONDITION);

    /**
     * Lock: each row's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; only the rows whose lock was granted are inserted.
     */
    static final String INSERT_GATED =
            """
            INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
            SELECT v.tenant_id, v.id::uuid, v.url, v.event_types::text[], v.enabled::boolean,
                   v.created_at::timestamptz, v.updated_at::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS v(tenant_id, id, url, event_types, enabled, created_at, updated_at, lock_key)
             WHERE %s
            RETURNING id"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_OF_ROWS);

    /**
     * Lock ({@code lockstep.tenant.lock = row}): the rows' tenants' lock rows FOR SHARE, skipped
     * (never waited for) while a purge holds one, none taken while a purge is queued; held until the
     * statement commits. Only the rows whose tenant's lock row was taken are inserted.
     */
    static final String INSERT_ROW_GATED =
            """
            WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                  AS v(tenant_id, id, url, event_types, enabled, created_at, updated_at)),
            gate AS (%s),
            ins AS (INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
                    SELECT v.tenant_id, v.id::uuid, v.url, v.event_types::text[], v.enabled::boolean,
                           v.created_at::timestamptz, v.updated_at::timestamptz
                      FROM v JOIN gate g ON g.tenant_id = v.tenant_id
                    RETURNING id)
            SELECT v.id::uuid, ins.id IS NOT NULL, EXISTS (SELECT 1 FROM tenant_locks k WHERE k.tenant_id = v.tenant_id)
              FROM v LEFT JOIN ins ON ins.id = v.id::uuid"""
                    .formatted(PostgresRowTenantWriteLocks.SHARED_GATE_OF_ROWS);

    PostgresWebhookGatedCreate(PgContext ctx, BatchSizeMeter meter) {
        super(ctx, BatchSizeMeter.Kind.WEBHOOK_CREATE, meter, INSERT_GATED_ONE, INSERT_GATED, INSERT_ROW_GATED);
    }

    @Override
    Row row(Webhook webhook) {
        return new Row(webhook.tenantId(), webhook.id(), texts(webhook));
    }

    /** The webhook's columns in text form, in the order of every INSERT of webhooks. */
    static String[] texts(Webhook webhook) {
        return new String[] {
            webhook.tenantId().value(),
            webhook.id().toString(),
            webhook.url().value(),
            PgRows.textArrayLiteral(webhook.eventTypes().values()),
            Boolean.toString(webhook.enabled()),
            webhook.createdAt().toString(),
            webhook.updatedAt().toString()
        };
    }
}
