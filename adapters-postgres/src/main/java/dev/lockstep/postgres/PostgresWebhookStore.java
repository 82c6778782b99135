package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookStore;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL {@link WebhookStore}: the webhook writes of one unit, which holds the tenant's shared
 * lock — and for a move (a new tenant_id) the new tenant's too, so neither tenant can be purged under
 * it. Row-lock waits are bounded by the storage's row-lock wait ({@link PgUnitStore}).
 */
public final class PostgresWebhookStore extends PgUnitStore<Webhook> implements WebhookStore, TenantOwnedStore {

    /** No lock of its own: the unit already holds the webhook's tenant. */
    static final String INSERT =
            """
            INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
            VALUES (?::text, ?::uuid, ?::text, ?::text[], ?::boolean, ?::timestamptz, ?::timestamptz)""";

    /** Row lock of the one webhook (bounded wait); a null keeps the column. */
    static final String UPDATE =
            """
            UPDATE webhooks SET tenant_id = coalesce(?, tenant_id), url = coalesce(?, url),
                   event_types = coalesce(?::text[], event_types), enabled = coalesce(?, enabled), updated_at = ?
             WHERE tenant_id = ? AND id = ?
            RETURNING id, tenant_id, url, event_types, enabled, created_at, updated_at""";

    /** Row lock of the one webhook (bounded wait); a concurrent delete that got there first leaves none. */
    static final String DELETE = "DELETE FROM webhooks WHERE tenant_id = ? AND id = ? RETURNING id";

    /** Runs only under the tenant's exclusive lock (the purge). */
    static final String PURGE = "DELETE FROM webhooks WHERE tenant_id = ?";

    PostgresWebhookStore(PgUnit unit, Duration rowLockWait) {
        super(unit, rowLockWait, PostgresWebhookQueries::map);
    }

    @Override
    public Webhook create(Webhook webhook) {
        return insert(INSERT, webhook.tenantId(), webhook, PostgresWebhookGatedCreate.texts(webhook));
    }

    @Override
    public Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at) {
        if (change.movesFrom(tenant)) {
            unit.requireHeld(change.tenantId());
        }
        return update(UPDATE, tenant, id, (c, ps) -> {
            ps.setString(1, change.movesFrom(tenant) ? change.tenantId().value() : null);
            ps.setString(2, change.url() == null ? null : change.url().value());
            if (change.eventTypes() == null) {
                ps.setNull(3, Types.ARRAY);
            } else {
                ps.setArray(
                        3, c.createArrayOf("text", change.eventTypes().values().toArray()));
            }
            if (change.enabled() == null) {
                ps.setNull(4, Types.BOOLEAN);
            } else {
                ps.setBoolean(4, change.enabled());
            }
            ps.setObject(5, PgRows.ts(at));
            return 5;
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        return deleteOne(DELETE, tenant, id);
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        return purge(PURGE, PurgeCategory.WEBHOOKS, tenant);
    }
}
