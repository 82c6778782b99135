package dev.lockstep.domain.webhook;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import java.util.Optional;
import java.util.UUID;

/** Reads of webhooks, each one atomic read outside any unit of work. */
public interface WebhookQueries {

    Optional<Webhook> find(TenantId tenant, UUID id);

    /** Webhooks of the tenant ordered by id; the cursor is the last id. */
    Page<Webhook> list(TenantId tenant, PageRequest page);
}
