package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookGatedCreate;

/**
 * PostgreSQL {@link WebhookGatedCreate}: one autocommit INSERT gated like feedback records', shared by
 * the creates that arrive while one is in flight ({@link PgGatedCreate}, {@link PgGroupCommit}).
 */
public final class PostgresWebhookGatedCreate extends PgGatedCreate<Webhook> implements WebhookGatedCreate {

    /**
     * Lock: the webhook's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; refused, nothing is inserted — neither the row nor its change-feed entry. A
     * batch of one, on scalar parameters. The entry's seq is the statement's own transaction's first
     * position (V9, V10).
     */
    static final String INSERT_GATED_ONE =
            """
            WITH v AS (SELECT ?::text AS tenant_id, ?::uuid AS id, ?::text AS url, ?::text[] AS event_types,
                              ?::boolean AS enabled, ?::timestamptz AS created_at, ?::timestamptz AS updated_at,
                              ?::jsonb AS change_row),
            ins AS (INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
                    SELECT v.tenant_id, v.id, v.url, v.event_types, v.enabled, v.created_at, v.updated_at FROM v
                     WHERE %s
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()), 'webhook', v.id::text,
                            v.created_at, 'upsert', v.change_row
                       FROM v JOIN ins ON ins.id = v.id)
            SELECT id FROM ins"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_CONDITION);

    /**
     * Lock: each row's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; only the rows whose lock was granted are inserted, each with its change-feed
     * entry, numbered from the statement's transaction by its ordinal in the batch (batch order).
     */
    static final String INSERT_GATED =
            """
            WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                WITH ORDINALITY
                                AS v(tenant_id, id, url, event_types, enabled, created_at, updated_at, change_row, lock_key, ord)),
            ins AS (INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
                    SELECT v.tenant_id, v.id::uuid, v.url, v.event_types::text[], v.enabled::boolean,
                           v.created_at::timestamptz, v.updated_at::timestamptz
                      FROM v
                     WHERE %s
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()) + v.ord - 1, 'webhook', v.id,
                            v.created_at::timestamptz, 'upsert', v.change_row::jsonb
                       FROM v JOIN ins ON ins.id = v.id::uuid)
            SELECT id FROM ins"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_OF_ROWS);

    /**
     * Lock ({@code lockstep.tenant.lock = row}): the rows' tenants' lock rows FOR SHARE, skipped
     * (never waited for) while a purge holds one, none taken while a purge is queued; held until the
     * statement commits. Only the rows whose tenant's lock row was taken are inserted, each with its
     * change-feed entry (ordinal in the batch).
     */
    static final String INSERT_ROW_GATED =
            """
            WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                  WITH ORDINALITY
                                  AS v(tenant_id, id, url, event_types, enabled, created_at, updated_at, change_row, ord)),
            gate AS (%s),
            ins AS (INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
                    SELECT v.tenant_id, v.id::uuid, v.url, v.event_types::text[], v.enabled::boolean,
                           v.created_at::timestamptz, v.updated_at::timestamptz
                      FROM v JOIN gate g ON g.tenant_id = v.tenant_id
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()) + v.ord - 1, 'webhook', v.id,
                            v.created_at::timestamptz, 'upsert', v.change_row::jsonb
                       FROM v JOIN ins ON ins.id = v.id::uuid)
            SELECT v.id::uuid, ins.id IS NOT NULL, EXISTS (SELECT 1 FROM tenant_locks k WHERE k.tenant_id = v.tenant_id)
              FROM v LEFT JOIN ins ON ins.id = v.id::uuid"""
                    .formatted(PostgresRowTenantWriteLocks.SHARED_GATE_OF_ROWS);

    PostgresWebhookGatedCreate(PgContext ctx, BatchSizeMeter meter) {
        super(ctx, BatchSizeMeter.Kind.WEBHOOK_CREATE, meter, INSERT_GATED_ONE, INSERT_GATED, INSERT_ROW_GATED);
    }

    @Override
    Row row(Webhook webhook) {
        return new Row(webhook.tenantId(), webhook.id(), withChangeRow(texts(webhook), ChangeRows.webhook(webhook)));
    }

    /**
     * The webhook's columns in text form, in the order of every INSERT of webhooks.
     */
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
