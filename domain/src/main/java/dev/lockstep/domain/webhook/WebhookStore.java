package dev.lockstep.domain.webhook;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.RowLocks;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhooks of a tenant; a move to another tenant locks both. Mutations by id are scoped to the
 * tenant inside the unit of work.
 */
public interface WebhookStore extends TenantOwnedStore {

    /** How long an update, move or delete waits for another unit holding the same row. */
    Duration ROW_LOCK_TIMEOUT = RowLocks.WAIT_BOUND;

    /**
     * Inserts {@code webhook} gated on its tenant's shared write lock, like
     * {@link dev.lockstep.domain.feedback.FeedbackRecordStore#create}.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict}; nothing is inserted
     */
    Webhook create(Webhook webhook);

    Optional<Webhook> find(TenantId tenant, UUID id);

    /** Webhooks of the tenant ordered by id; the cursor is the last id. */
    Page<Webhook> list(TenantId tenant, PageRequest page);

    /**
     * Applies {@code change}; a change of tenant moves the webhook. Must run inside a unit holding
     * {@code tenant} and, for a move, the new tenant too.
     *
     * @return the webhook after the change, or empty when {@code tenant} has no such webhook
     */
    Optional<Webhook> update(TenantId tenant, UUID id, WebhookChange change, Instant at);

    /**
     * Removes the webhook. Must run inside a unit holding the tenant.
     *
     * @return whether this call removed it
     */
    boolean delete(TenantId tenant, UUID id);
}
