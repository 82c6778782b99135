package dev.lockstep.application.webhook;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import java.util.UUID;

/** A client deletes a webhook: the removal and its one deletion-log entry are one unit of work. */
public final class DeleteWebhook {
  private final StoragePorts storage;

  public DeleteWebhook(StoragePorts storage) {
    this.storage = storage;
  }

  public void delete(TenantId tenant, UUID id) {
    storage
        .tenantWriteLocks()
        .writeVoid(
            tenant,
            () -> {
              if (!storage.webhooks().delete(tenant, id)) {
                throw DomainException.notFound("webhook");
              }
              storage.deletionLog().record(tenant, DeletionKind.WEBHOOK, id.toString());
            });
  }
}
