package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.time.Clock;
import java.util.List;

/**
 * The whole in-memory storage, usable from plain Java without Micronaut:
 *
 * <pre>{@code
 * StoragePorts storage = new InMemoryStorage(Clock.systemUTC(), StorageSettings.defaults());
 * }</pre>
 *
 * It passes the same contract suite as the PostgreSQL adapter, so other teams can run the real use
 * cases against it in unit tests.
 */
public final class InMemoryStorage implements StoragePorts {
    private final InMemoryContext ctx;
    private final InMemoryDeletionLog deletionLog;
    private final InMemoryAuditLog auditLog;
    private final InMemoryIdentityStore identities;
    private final InMemorySessionStore sessions;
    private final InMemoryFeedbackRecordStore feedbackRecords;
    private final InMemoryWebhookStore webhooks;
    private final InMemoryStackStore stacks;
    private final InMemoryOrganizationStore organizations;

    public InMemoryStorage(Clock clock, StorageSettings settings) {
        InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
        InMemoryTenantWriteLocks locks = new InMemoryTenantWriteLocks(unitOfWork, settings.purgeLockTimeout());
        this.ctx = new InMemoryContext(unitOfWork, locks, clock, settings);
        TenantSequences sequences = new TenantSequences();
        this.deletionLog = new InMemoryDeletionLog(unitOfWork, sequences, clock);
        this.auditLog = new InMemoryAuditLog(unitOfWork, sequences, clock);
        this.identities = new InMemoryIdentityStore(ctx);
        this.sessions = new InMemorySessionStore(ctx);
        this.feedbackRecords = new InMemoryFeedbackRecordStore(ctx);
        this.webhooks = new InMemoryWebhookStore(ctx);
        this.stacks = new InMemoryStackStore(ctx);
        this.organizations = new InMemoryOrganizationStore(ctx);
    }

    /** A storage with the system clock and default bounds. */
    public InMemoryStorage() {
        this(Clock.systemUTC(), StorageSettings.defaults());
    }

    public InMemoryContext context() {
        return ctx;
    }

    /** Whether a purge of {@code tenant} holds or waits for the exclusive lock. */
    public boolean purgeQueuedOrRunning(TenantId tenant) {
        return ctx.tenantLocks().purgeQueuedOrRunning(tenant);
    }

    @Override
    public TenantWriteLocks tenantWriteLocks() {
        return ctx.tenantLocks();
    }

    @Override
    public DeletionLog deletionLog() {
        return deletionLog;
    }

    @Override
    public AuditLog auditLog() {
        return auditLog;
    }

    @Override
    public InMemoryIdentityStore identities() {
        return identities;
    }

    @Override
    public InMemorySessionStore sessions() {
        return sessions;
    }

    @Override
    public InMemoryFeedbackRecordStore feedbackRecords() {
        return feedbackRecords;
    }

    @Override
    public InMemoryWebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public InMemoryStackStore stacks() {
        return stacks;
    }

    @Override
    public InMemoryOrganizationStore organizations() {
        return organizations;
    }

    @Override
    public List<TenantOwnedStore> tenantOwnedStores() {
        // rows first, the logs last: the purge records its own entries after emptying them
        return List.of(sessions, identities, feedbackRecords, webhooks, stacks, deletionLog, auditLog);
    }
}
