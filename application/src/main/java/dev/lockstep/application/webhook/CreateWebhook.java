package dev.lockstep.application.webhook;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.time.Clock;
import java.time.Instant;

/** A client registers a webhook; the store's create is gated on the tenant lock by itself. */
public final class CreateWebhook {
  private final StoragePorts storage;
  private final IdGenerator ids;
  private final Clock clock;

  public CreateWebhook(StoragePorts storage, IdGenerator ids, Clock clock) {
    this.storage = storage;
    this.ids = ids;
    this.clock = clock;
  }

  public Webhook create(TenantId tenant, WebhookUrl url, EventTypes eventTypes, boolean enabled) {
    Instant now = Timestamps.now(clock);
    return storage.webhooks().create(new Webhook(ids.newId(), tenant, url, eventTypes, enabled, now, now));
  }

}
