package dev.lockstep.postgres;

import dev.lockstep.domain.webhook.WebhookStore;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.Map;

/** PostgreSQL {@link WebhookStore}. */
public final class PostgresWebhookStore implements WebhookStore, TenantOwnedStore {
  private final PgContext ctx;

  public PostgresWebhookStore(PgContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of();
  }
}
