package dev.lockstep.http;

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
import dev.lockstep.http.tracing.StorageSpans;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The entry ports of the storage {@code lockstep.storage} selected, each a bean of its own, so a use
 * case is injected with exactly the ports its constructor names. The storage adapters contribute
 * one {@link StoragePorts} bean; this is where it is taken apart.
 */
@Factory
class StoragePortBeans {

    /** With tracing on, each unit of work is a span ({@link StorageSpans}). */
    @Singleton
    TenantWriteLocks tenantWriteLocks(StoragePorts storage, Optional<StorageSpans> spans) {
        TenantWriteLocks locks = storage.tenantWriteLocks();
        return spans.map(s -> s.traced(locks)).orElse(locks);
    }

    /** With tracing on, each unit of work is a span ({@link StorageSpans}). */
    @Singleton
    OrganizationSync organizationSync(StoragePorts storage, Optional<StorageSpans> spans) {
        OrganizationSync sync = storage.organizationSync();
        return spans.map(s -> s.traced(sync)).orElse(sync);
    }

    @Singleton
    FeedbackRecordGatedCreate feedbackRecordGatedCreate(StoragePorts storage) {
        return storage.feedbackRecordGatedCreate();
    }

    @Singleton
    WebhookGatedCreate webhookGatedCreate(StoragePorts storage) {
        return storage.webhookGatedCreate();
    }

    @Singleton
    IdentityQueries identityQueries(StoragePorts storage) {
        return storage.identityQueries();
    }

    @Singleton
    SessionQueries sessionQueries(StoragePorts storage) {
        return storage.sessionQueries();
    }

    @Singleton
    FeedbackRecordQueries feedbackRecordQueries(StoragePorts storage) {
        return storage.feedbackRecordQueries();
    }

    @Singleton
    WebhookQueries webhookQueries(StoragePorts storage) {
        return storage.webhookQueries();
    }

    @Singleton
    StackQueries stackQueries(StoragePorts storage) {
        return storage.stackQueries();
    }

    @Singleton
    ChangeLogQueries changeLogQueries(StoragePorts storage) {
        return storage.changeLogQueries();
    }

    @Singleton
    OrganizationQueries organizationQueries(StoragePorts storage) {
        return storage.organizationQueries();
    }

    @Singleton
    ExpiredAnswers expiredAnswers(StoragePorts storage) {
        return storage.expiredAnswers();
    }
}
