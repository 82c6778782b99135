package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookStore;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL {@link WebhookStore}. */
public final class PostgresWebhookStore implements WebhookStore {

    /** Gated on the tenant's shared advisory try-lock in the same statement, like feedback records. */
    static final String INSERT_GATED =
            """
      INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
      SELECT ?::text, ?::uuid, ?::text, ?::text[], ?::boolean, ?::timestamptz, ?::timestamptz
       WHERE pg_try_advisory_xact_lock_shared(hashtextextended(?, 0))
      """;

    private static final String COLUMNS = "id, tenant_id, url, event_types, enabled, created_at, updated_at";

    static final String FIND = "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ? AND id = ?";

    static final String LIST_FIRST = "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ? ORDER BY id LIMIT ?";

    static final String LIST_AFTER =
            "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";

    /**
     * Row lock of the one webhook, its wait bounded by {@code SET LOCAL lock_timeout} (ROW_LOCK_TIMEOUT);
     * the caller's unit holds the tenant's shared lock, and for a move
     * (a new tenant_id) the new tenant's too, so neither tenant can be purged under it.
     */
    static final String UPDATE =
            """
      UPDATE webhooks
         SET tenant_id = coalesce(?, tenant_id), url = coalesce(?, url),
             event_types = coalesce(?::text[], event_types), enabled = coalesce(?, enabled), updated_at = ?
       WHERE tenant_id = ? AND id = ?
      RETURNING
      """
                    + COLUMNS;

    /** Row lock of the one webhook (bounded wait); a concurrent delete that got there first leaves zero rows. */
    static final String DELETE = "DELETE FROM webhooks WHERE tenant_id = ? AND id = ? RETURNING id";

    /** Runs only under the tenant's exclusive lock (the purge). */
    static final String PURGE = "DELETE FROM webhooks WHERE tenant_id = ?";

    private final PgContext ctx;

    public PostgresWebhookStore(PgContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Webhook create(Webhook webhook) {
        PgRows.insertGated(ctx.tx(), webhook.tenantId(), INSERT_GATED, (c, ps) -> {
            ps.setString(1, webhook.tenantId().value());
            ps.setObject(2, webhook.id());
            ps.setString(3, webhook.url().value());
            ps.setArray(4, c.createArrayOf("text", webhook.eventTypes().values().toArray()));
            ps.setBoolean(5, webhook.enabled());
            ps.setObject(6, PgRows.ts(webhook.createdAt()));
            ps.setObject(7, PgRows.ts(webhook.updatedAt()));
            return 7;
        });
        return webhook;
    }

    @Override
    public Optional<Webhook> find(TenantId tenant, UUID id) {
        return ctx.tx().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return PgRows.all(ps, PostgresWebhookStore::map).stream().findFirst();
            }
        });
    }

    @Override
    public Page<Webhook> list(TenantId tenant, PageRequest page) {
        return PgRows.page(ctx.tx(), LIST_FIRST, LIST_AFTER, tenant, page, PostgresWebhookStore::map, Webhook::id);
    }

    @Override
    public Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at) {
        return PgRows.inUnit(ctx.tx(), c -> {
            RowLockBound.apply(ctx.tx(), c, ROW_LOCK_TIMEOUT);
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                ps.setString(1, change.movesFrom(tenant) ? change.tenantId().value() : null);
                ps.setString(2, change.url() == null ? null : change.url().value());
                if (change.eventTypes() == null) {
                    ps.setNull(3, Types.ARRAY);
                } else {
                    ps.setArray(
                            3,
                            c.createArrayOf("text", change.eventTypes().values().toArray()));
                }
                if (change.enabled() == null) {
                    ps.setNull(4, Types.BOOLEAN);
                } else {
                    ps.setBoolean(4, change.enabled());
                }
                ps.setObject(5, PgRows.ts(at));
                ps.setString(6, tenant.value());
                ps.setObject(7, id);
                return PgRows.all(ps, PostgresWebhookStore::map).stream().findFirst();
            }
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        return PgRows.inUnit(ctx.tx(), c -> {
            RowLockBound.apply(ctx.tx(), c, ROW_LOCK_TIMEOUT);
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return !PgRows.all(ps, rs -> rs.getObject(1)).isEmpty();
            }
        });
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        long n = ctx.tx().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(PURGE)) {
                ps.setString(1, tenant.value());
                return (long) ps.executeUpdate();
            }
        });
        return Map.of(PurgeCategory.WEBHOOKS, n);
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
