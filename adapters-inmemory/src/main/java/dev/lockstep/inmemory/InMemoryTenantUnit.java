package dev.lockstep.inmemory;

import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.idempotency.IdempotencyRecords;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.webhook.WebhookStore;
import java.util.List;

/** The ports of one in-memory unit: each table's writes, bound to that unit. */
class InMemoryTenantUnit implements TenantUnit {

    /** The tables of one storage, which every unit's stores write to. */
    record Tables(
            InMemoryIdentities identities,
            InMemorySessions sessions,
            InMemoryFeedbackRecords feedbackRecords,
            InMemoryWebhooks webhooks,
            InMemoryStacks stacks,
            InMemoryChangeLogs changeLogs,
            InMemoryIdempotencyRecords idempotency) {}

    final InMemoryIdentities.InUnit identities;
    final InMemorySessions.InUnit sessions;
    final InMemoryFeedbackRecords.InUnit feedbackRecords;
    final InMemoryWebhooks.InUnit webhooks;
    final InMemoryStacks.InUnit stacks;
    final InMemoryChangeLogs.DeletionsInUnit deletionLog;
    final InMemoryChangeLogs.AuditInUnit auditLog;
    final InMemoryIdempotencyRecords.InUnit idempotency;

    InMemoryTenantUnit(Tables tables, InMemoryUnitOfWork unit) {
        this.identities = tables.identities().in(unit);
        this.sessions = tables.sessions().in(unit);
        this.feedbackRecords = tables.feedbackRecords().in(unit);
        this.webhooks = tables.webhooks().in(unit);
        this.stacks = tables.stacks().in(unit);
        this.deletionLog = tables.changeLogs().deletionLog(unit);
        this.auditLog = tables.changeLogs().auditLog(unit);
        this.idempotency = tables.idempotency().in(unit);
    }

    @Override
    public IdentityStore identities() {
        return identities;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public FeedbackRecordStore feedbackRecords() {
        return feedbackRecords;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public StackStore stacks() {
        return stacks;
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
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    /** The ports of a purge's unit, which alone reach every table's purge. */
    static final class Purge extends InMemoryTenantUnit implements PurgeUnit {
        Purge(Tables tables, InMemoryUnitOfWork unit) {
            super(tables, unit);
        }

        @Override
        public List<TenantOwnedStore> tenantOwnedStores() {
            // rows first, the stored idempotent answers with them, the logs last: the purge records
            // its own entries after emptying them
            return List.of(sessions, identities, feedbackRecords, webhooks, stacks, idempotency, deletionLog, auditLog);
        }
    }
}
