package dev.lockstep.application;

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

/**
 * The entry ports one storage adapter provides, so a storage is one object: {@code new
 * InMemoryStorage(...)} in a plain unit test, or the one bean the selected adapter contributes to the
 * server, whose ports then become beans of their own. Use cases never take this aggregate: each takes
 * the few ports it uses.
 *
 * <p>The stores that write are not here: they are handed out only inside a unit of work, by {@link
 * #tenantWriteLocks()} and {@link #organizationSync()}.
 */
public interface StoragePorts {

    /** Units of work on tenant data, under the tenant lock. */
    TenantWriteLocks tenantWriteLocks();

    /** Units of work on one IdP organization's events. */
    OrganizationSync organizationSync();

    FeedbackRecordGatedCreate feedbackRecordGatedCreate();

    WebhookGatedCreate webhookGatedCreate();

    IdentityQueries identityQueries();

    SessionQueries sessionQueries();

    FeedbackRecordQueries feedbackRecordQueries();

    WebhookQueries webhookQueries();

    StackQueries stackQueries();

    ChangeLogQueries changeLogQueries();

    OrganizationQueries organizationQueries();

    /** The sweep of stored answers past their TTL (outside any unit). */
    ExpiredAnswers expiredAnswers();
}
