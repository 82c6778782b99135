package dev.lockstep.postgres;

import dev.lockstep.domain.tenant.TenantUnit;

/**
 * The ports of one PostgreSQL unit of work: every store is bound to the unit's connection, made on
 * first use (a few fields, no I/O) and kept for the unit's length, so one unit has one change-log
 * buffer. The unit's lock_timeout bounds come from the storage's settings.
 */
public class PostgresTenantUnit implements TenantUnit {
    private final PgUnit unit;
    private final PgContext ctx;
    private PostgresIdentityStore identities;
    private PostgresSessionStore sessions;
    private PostgresFeedbackRecordStore feedbackRecords;
    private PostgresWebhookStore webhooks;
    private PostgresStackStore stacks;
    private PostgresChangeLogs changeLogs;
    private PostgresIdempotencyRecords idempotency;

    PostgresTenantUnit(PgUnit unit, PgContext ctx) {
        this.unit = unit;
        this.ctx = ctx;
    }

    @Override
    public PostgresIdentityStore identities() {
        if (identities == null) {
            identities = new PostgresIdentityStore(unit, ctx.settings().rowLockWait());
        }
        return identities;
    }

    @Override
    public PostgresSessionStore sessions() {
        if (sessions == null) {
            sessions = new PostgresSessionStore(unit, ctx.settings().rowLockWait());
        }
        return sessions;
    }

    @Override
    public PostgresFeedbackRecordStore feedbackRecords() {
        if (feedbackRecords == null) {
            feedbackRecords =
                    new PostgresFeedbackRecordStore(unit, ctx.settings().rowLockWait());
        }
        return feedbackRecords;
    }

    @Override
    public PostgresWebhookStore webhooks() {
        if (webhooks == null) {
            webhooks = new PostgresWebhookStore(unit, ctx.settings().rowLockWait());
        }
        return webhooks;
    }

    @Override
    public PostgresStackStore stacks() {
        if (stacks == null) {
            stacks = new PostgresStackStore(unit, ctx.clock(), ctx.settings().envLockTimeout());
        }
        return stacks;
    }

    @Override
    public PostgresChangeLogs deletionLog() {
        return changeLogs();
    }

    @Override
    public PostgresChangeLogs auditLog() {
        return changeLogs();
    }

    @Override
    public PostgresIdempotencyRecords idempotency() {
        if (idempotency == null) {
            idempotency = new PostgresIdempotencyRecords(unit);
        }
        return idempotency;
    }

    private PostgresChangeLogs changeLogs() {
        if (changeLogs == null) {
            changeLogs = new PostgresChangeLogs(unit, ctx.clock());
        }
        return changeLogs;
    }
}
