package dev.lockstep.domain.webhook;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook writes of one unit of work ({@link dev.lockstep.domain.tenant.TenantUnit}). Mutations by id
 * are scoped to the tenant; a move to another tenant needs a unit holding both. A row held by another
 * unit is waited for at most the storage's row-lock bound ({@code lock_timeout} after it).
 */
public interface WebhookStore {

    /**
     * Inserts {@code webhook} in this unit, which already holds its tenant (a create on its own is
     * {@link WebhookGatedCreate}).
     */
    Webhook create(Webhook webhook);

    /**
     * Applies {@code change}; a change of tenant moves the webhook.
     *
     * @return the webhook after the change, or empty when {@code tenant} has no such webhook
     */
    Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at);

    /**
     * Removes the webhook.
     *
     * @return whether this call removed it
     */
    boolean delete(TenantId tenant, UUID id);
}
