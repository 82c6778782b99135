package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookQueries;
import dev.lockstep.domain.webhook.WebhookStore;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Webhooks in H2: the plain reads and the gated create here, a unit's writes in {@link InUnit}. */
final class InMemoryWebhooks extends GatedTenantRows<Webhook> implements WebhookQueries, WebhookGatedCreate {

    InMemoryWebhooks(TenantGates gates, InMemoryDatabase db, Duration rowLockWait) {
        super(
                gates,
                db,
                "webhooks",
                "webhook",
                rowLockWait,
                Webhook::id,
                Webhook::tenantId,
                PurgeCategory.WEBHOOKS,
                rs -> new Webhook(
                        rs.getObject("id", UUID.class),
                        TenantId.of(rs.getString("tenant_id")),
                        WebhookUrl.of(rs.getString("url")),
                        EventTypes.of(H2Json.strings(rs.getString("event_types"))),
                        rs.getBoolean("enabled"),
                        Jdbc.instant(rs, "created_at"),
                        Jdbc.instant(rs, "updated_at")));
    }

    @Override
    InMemoryUnitOfWork.LogEntry createdEntry(Webhook w) {
        return InMemoryChangeLogs.upsert(
                w.tenantId(), DeletionKind.WEBHOOK, w.id().toString(), ChangeRows.webhook(w), w.createdAt());
    }

    @Override
    void insert(Connection c, Webhook w) {
        Jdbc.update(
                c,
                "INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                w.tenantId().value(),
                w.id(),
                w.url().value(),
                H2Json.write(w.eventTypes().values()),
                w.enabled(),
                w.createdAt(),
                w.updatedAt());
    }

    @Override
    void replace(Connection c, TenantId tenant, Webhook w) {
        Jdbc.update(
                c,
                "UPDATE webhooks SET tenant_id = ?, url = ?, event_types = ?, enabled = ?, updated_at = ?"
                        + " WHERE tenant_id = ? AND id = ?",
                w.tenantId().value(),
                w.url().value(),
                H2Json.write(w.eventTypes().values()),
                w.enabled(),
                w.updatedAt(),
                tenant.value(),
                w.id());
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The webhook writes of one unit; a move needs a unit holding both tenants. */
    final class InUnit extends Writes implements WebhookStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at) {
            return update(tenant, id, current -> current.apply(change, at));
        }
    }
}
