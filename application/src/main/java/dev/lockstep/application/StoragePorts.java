package dev.lockstep.application;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.WebhookStore;
import java.util.List;

/**
 * Everything one storage adapter provides, so a storage is one object: {@code new
 * InMemoryStorage(...)} in a plain unit test, or the one bean the selected adapter contributes to the
 * server. All ports of one instance share one unit-of-work mechanism, so a use case can make several
 * port calls atomic inside {@link TenantWriteLocks}.
 */
public interface StoragePorts {

    TenantWriteLocks tenantWriteLocks();

    DeletionLog deletionLog();

    AuditLog auditLog();

    IdentityStore identities();

    SessionStore sessions();

    FeedbackRecordStore feedbackRecords();

    WebhookStore webhooks();

    StackStore stacks();

    OrganizationStore organizations();

    /** Every store holding tenant-owned rows, the logs included; the purge empties them all. */
    List<TenantOwnedStore> tenantOwnedStores();
}
