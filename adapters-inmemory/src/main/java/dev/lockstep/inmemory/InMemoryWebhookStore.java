package dev.lockstep.inmemory;

import dev.lockstep.domain.webhook.WebhookStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** In-memory {@link WebhookStore}. */
public final class InMemoryWebhookStore implements WebhookStore, TenantOwnedStore {
  private final InMemoryContext ctx;

  public InMemoryWebhookStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
