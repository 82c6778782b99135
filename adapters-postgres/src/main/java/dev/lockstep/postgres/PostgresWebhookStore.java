package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookStore;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL {@link WebhookStore}: the webhook writes of one unit, which holds the tenant's shared
 * lock — and for a move (a new tenant_id) the new tenant's too, so neither tenant can be purged under
 * it. Row-lock waits are bounded by the storage's row-lock wait. The table and its shared statements
 * are {@link #TABLE}.
 */
public final class PostgresWebhookStore extends PgTenantTable.UnitStore<Webhook>
        implements WebhookStore, TenantOwnedStore {

    static final PgTenantTable<Webhook> TABLE = new PgTenantTable<>(
            "webhooks",
            "tenant_id, id, url, event_types, enabled, created_at, updated_at",
            "?::text, ?::uuid, ?::text, ?::text[], ?::boolean, ?::timestamptz, ?::timestamptz",
            "id, tenant_id, url, event_types, enabled, created_at, updated_at",
            PostgresWebhookStore::map,
            PostgresWebhookStore::bind,
            PostgresWebhookStore::texts,
            Webhook::tenantId,
            Webhook::id,
            PurgeCategory.WEBHOOKS);

    /** Row lock of the one webhook (bounded wait); a null keeps the column. */
    static final String UPDATE = TABLE.updateSql(
            """
            tenant_id = coalesce(?, tenant_id), url = coalesce(?, url),
                   event_types = coalesce(?::text[], event_types), enabled = coalesce(?, enabled), updated_at = ?""");

    PostgresWebhookStore(PgUnit unit, Duration rowLockWait) {
        super(TABLE, unit, rowLockWait);
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
                ps.setArray(3, textArray(c, change.eventTypes()));
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

    private static int bind(Connection c, PreparedStatement ps, Webhook webhook) throws SQLException {
        ps.setString(1, webhook.tenantId().value());
        ps.setObject(2, webhook.id());
        ps.setString(3, webhook.url().value());
        ps.setArray(4, textArray(c, webhook.eventTypes()));
        ps.setBoolean(5, webhook.enabled());
        ps.setObject(6, PgRows.ts(webhook.createdAt()));
        ps.setObject(7, PgRows.ts(webhook.updatedAt()));
        return 7;
    }

    /** The insert columns in text form, as {@link #bind} binds them (a gated create sends these). */
    private static String[] texts(Webhook webhook) {
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

    private static Array textArray(Connection c, EventTypes types) throws SQLException {
        return c.createArrayOf("text", types.values().toArray());
    }

    private static Webhook map(ResultSet rs) throws SQLException {
        Array types = rs.getArray("event_types");
        String[] values = (String[]) types.getArray();
        return new Webhook(
                PgRows.uuid(rs, "id"),
                TenantId.of(rs.getString("tenant_id")),
                WebhookUrl.of(rs.getString("url")),
                EventTypes.of(List.of(values)),
                rs.getBoolean("enabled"),
                PgRows.instant(rs, "created_at"),
                PgRows.instant(rs, "updated_at"));
    }
}
