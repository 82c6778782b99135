package dev.lockstep.domain.webhook;

/**
 * The create of a webhook as one atomic step gated on its tenant's shared write lock, like {@link
 * dev.lockstep.domain.feedback.FeedbackRecordGatedCreate}.
 */
public interface WebhookGatedCreate {

    /** @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict}; nothing is inserted */
    Webhook createGated(Webhook webhook);
}
