package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookQueries;
import dev.lockstep.domain.webhook.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Webhooks in memory: the plain reads and the gated create here, a unit's writes in {@link InUnit}. */
final class InMemoryWebhooks extends GatedTenantRows<Webhook> implements WebhookQueries, WebhookGatedCreate {

    InMemoryWebhooks(TenantGates gates, Duration rowLockWait) {
        super(gates, "webhook", rowLockWait, Webhook::id, Webhook::tenantId, PurgeCategory.WEBHOOKS);
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
            if (change.movesFrom(tenant)) {
                return rows.move(unit, tenant, change.tenantId(), id, current -> current.apply(change, at));
            }
            return rows.update(unit, tenant, id, current -> current.apply(change, at));
        }
    }
}
