package dev.lockstep.application.webhook;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.webhook.Webhook;

/** A client pages through a tenant's webhooks, ordered by id. */
public final class ListWebhooks {
  private final StoragePorts storage;

  public ListWebhooks(StoragePorts storage) {
    this.storage = storage;
  }

  public Page<Webhook> list(TenantId tenant, PageRequest page) {
    return storage.webhooks().list(tenant, page);
  }
}
