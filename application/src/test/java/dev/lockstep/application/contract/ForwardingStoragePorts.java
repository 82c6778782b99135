package dev.lockstep.application.contract;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.idempotency.ExpiredAnswers;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.SessionQueries;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookQueries;

/** A storage that forwards everything; tests override one port to inject a hook into a race. */
public class ForwardingStoragePorts implements StoragePorts {
    private final StoragePorts delegate;

    public ForwardingStoragePorts(StoragePorts delegate) {
        this.delegate = delegate;
    }

    @Override
    public TenantWriteLocks tenantWriteLocks() {
        return delegate.tenantWriteLocks();
    }

    @Override
    public OrganizationSync organizationSync() {
        return delegate.organizationSync();
    }

    @Override
    public FeedbackRecordGatedCreate feedbackRecordGatedCreate() {
        return delegate.feedbackRecordGatedCreate();
    }

    @Override
    public WebhookGatedCreate webhookGatedCreate() {
        return delegate.webhookGatedCreate();
    }

    @Override
    public IdentityQueries identityQueries() {
        return delegate.identityQueries();
    }

    @Override
    public SessionQueries sessionQueries() {
        return delegate.sessionQueries();
    }

    @Override
    public FeedbackRecordQueries feedbackRecordQueries() {
        return delegate.feedbackRecordQueries();
    }

    @Override
    public WebhookQueries webhookQueries() {
        return delegate.webhookQueries();
    }

    @Override
    public StackQueries stackQueries() {
        return delegate.stackQueries();
    }

    @Override
    public ChangeLogQueries changeLogQueries() {
        return delegate.changeLogQueries();
    }

    @Override
    public OrganizationQueries organizationQueries() {
        return delegate.organizationQueries();
    }

    @Override
    public ExpiredAnswers expiredAnswers() {
        return delegate.expiredAnswers();
    }
}
