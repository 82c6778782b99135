package dev.lockstep.application.webhook;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A client deletes a webhook: the removal and its one deletion-log entry are one unit of work. */
@Singleton
public final class DeleteWebhook {
    private final TenantWriteLocks locks;

    public DeleteWebhook(TenantWriteLocks locks) {
        this.locks = locks;
    }

    public void delete(TenantId tenant, UUID id) {
        locks.write(tenant, unit -> {
            if (!unit.webhooks().delete(tenant, id)) {
                throw DomainException.notFound("webhook");
            }
            unit.deletionLog().record(tenant, DeletionKind.WEBHOOK, id.toString());
            return null;
        });
    }
}
