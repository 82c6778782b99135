package dev.lockstep.domain.tenant;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.idempotency.IdempotencyRecords;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.webhook.WebhookStore;

/**
 * The ports of one unit of work, handed to the work by {@link TenantWriteLocks}. Every call made
 * through them belongs to that unit: it commits with it, or leaves nothing when the unit fails. The
 * stores are reachable only here, so a write outside a unit does not compile. A unit is confined to
 * the thread that runs it and ends when the work returns; keep no reference to it.
 */
public interface TenantUnit {

    IdentityStore identities();

    SessionStore sessions();

    FeedbackRecordStore feedbackRecords();

    WebhookStore webhooks();

    StackStore stacks();

    DeletionLog deletionLog();

    AuditLog auditLog();

    /** The stored answers of requests with an {@code Idempotency-Key}, saved with this unit's writes. */
    IdempotencyRecords idempotency();
}
