package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookQueries;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL {@link WebhookQueries}: one autocommit statement each, no lock. */
public final class PostgresWebhookQueries extends PgTenantQueries<Webhook> implements WebhookQueries {

    /** No lock: a read of what is committed. */
    static final String FIND =
            """
            SELECT id, tenant_id, url, event_types, enabled, created_at, updated_at
              FROM webhooks WHERE tenant_id = ? AND id = ?""";

    /** No lock; keyset page over (tenant_id, id), one row more than asked. */
    static final String LIST_FIRST =
            """
            SELECT id, tenant_id, url, event_types, enabled, created_at, updated_at
              FROM webhooks WHERE tenant_id = ? ORDER BY id LIMIT ?""";

    /** No lock; the page after the cursor id. */
    static final String LIST_AFTER =
            """
            SELECT id, tenant_id, url, event_types, enabled, created_at, updated_at
              FROM webhooks WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?""";

    PostgresWebhookQueries(PgTransactions tx) {
        super(tx, PostgresWebhookQueries::map, Webhook::id);
    }

    @Override
    public Optional<Webhook> find(TenantId tenant, UUID id) {
        return findOne(FIND, tenant, id);
    }

    @Override
    public Page<Webhook> list(TenantId tenant, PageRequest page) {
        return page(LIST_FIRST, LIST_AFTER, tenant, page);
    }

    /** A row of the select list every read and {@code RETURNING} of webhooks uses. */
    static Webhook map(ResultSet rs) throws SQLException {
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
