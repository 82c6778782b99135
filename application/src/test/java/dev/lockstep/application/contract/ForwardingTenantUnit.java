package dev.lockstep.application.contract;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.idempotency.IdempotencyRecords;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.webhook.WebhookStore;

/** Forwards every port of a real unit; tests override one to hook into a race. */
public class ForwardingTenantUnit implements TenantUnit {
    private final TenantUnit delegate;

    public ForwardingTenantUnit(TenantUnit delegate) {
        this.delegate = delegate;
    }

    @Override
    public IdentityStore identities() {
        return delegate.identities();
    }

    @Override
    public SessionStore sessions() {
        return delegate.sessions();
    }

    @Override
    public FeedbackRecordStore feedbackRecords() {
        return delegate.feedbackRecords();
    }

    @Override
    public WebhookStore webhooks() {
        return delegate.webhooks();
    }

    @Override
    public StackStore stacks() {
        return delegate.stacks();
    }

    @Override
    public DeletionLog deletionLog() {
        return delegate.deletionLog();
    }

    @Override
    public AuditLog auditLog() {
        return delegate.auditLog();
    }

    @Override
    public IdempotencyRecords idempotency() {
        return delegate.idempotency();
    }
}
