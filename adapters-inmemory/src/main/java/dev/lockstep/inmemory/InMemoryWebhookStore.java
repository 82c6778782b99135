package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** In-memory {@link WebhookStore}; same row discipline as {@link InMemoryFeedbackRecordStore}. */
public final class InMemoryWebhookStore implements WebhookStore {
  private final InMemoryContext ctx;
  private final TenantRows<Webhook> rows;

  public InMemoryWebhookStore(InMemoryContext ctx) {
    this.ctx = ctx;
    this.rows = new TenantRows<>(ctx.unitOfWork(), "webhook", ROW_LOCK_TIMEOUT);
  }

  @Override
  public Webhook create(Webhook webhook) {
    return ctx.tenantLocks().write(webhook.tenantId(), () -> {
      rows.insert(webhook.tenantId(), webhook.id(), webhook);
      return webhook;
    });
  }

  @Override
  public Optional<Webhook> find(TenantId tenant, UUID id) {
    return rows.find(tenant, id);
  }

  @Override
  public Page<Webhook> list(TenantId tenant, PageRequest page) {
    return rows.list(tenant, page, Webhook::id);
  }

  @Override
  public Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at) {
    if (change.movesFrom(tenant)) {
      return rows.move(tenant, change.tenantId(), id, current -> current.apply(change, at));
    }
    return rows.update(tenant, id, current -> current.apply(change, at));
  }

  @Override
  public boolean delete(TenantId tenant, UUID id) {
    return rows.delete(tenant, id);
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of(PurgeCategory.WEBHOOKS, rows.purge(tenant));
  }
}
