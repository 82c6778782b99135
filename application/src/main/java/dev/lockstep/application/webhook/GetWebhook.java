package dev.lockstep.application.webhook;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.webhook.Webhook;
import java.util.UUID;

/** A client reads one webhook of a tenant. */
public final class GetWebhook {
  private final StoragePorts storage;

  public GetWebhook(StoragePorts storage) {
    this.storage = storage;
  }

  public Webhook get(TenantId tenant, UUID id) {
    return storage.webhooks().find(tenant, id).orElseThrow(() -> DomainException.notFound("webhook"));
  }
}
