package dev.lockstep.postgres;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The whole PostgreSQL storage over one {@link DataSource}. Several server instances on one database
 * stay correct together because every lock lives in PostgreSQL.
 */
public final class PostgresStorage implements StoragePorts {
    private final PgContext ctx;
    private final PostgresChangeLogs logs;
    private final PostgresIdentityStore identities;
    private final PostgresSessionStore sessions;
    private final PostgresFeedbackRecordStore feedbackRecords;
    private final PostgresWebhookStore webhooks;
    private final PostgresStackStore stacks;
    private final PostgresOrganizationStore organizations;

    public PostgresStorage(DataSource dataSource, Clock clock, StorageSettings settings) {
        PgTransactions tx = new PgTransactions(dataSource);
        this.ctx = new PgContext(tx, new PostgresTenantWriteLocks(tx, settings.purgeLockTimeout()), clock, settings);
        this.logs = new PostgresChangeLogs(tx, clock);
        this.identities = new PostgresIdentityStore(ctx);
        this.sessions = new PostgresSessionStore(ctx);
        this.feedbackRecords = new PostgresFeedbackRecordStore(ctx);
        this.webhooks = new PostgresWebhookStore(ctx);
        this.stacks = new PostgresStackStore(ctx);
        this.organizations = new PostgresOrganizationStore(ctx);
    }

    /** Applies the Flyway migrations in {@code db/migration} (idempotent; safe from several instances). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public PgContext context() {
        return ctx;
    }

    @Override
    public TenantWriteLocks tenantWriteLocks() {
        return ctx.tenantLocks();
    }

    @Override
    public DeletionLog deletionLog() {
        return logs.deletionLog();
    }

    @Override
    public AuditLog auditLog() {
        return logs.auditLog();
    }

    @Override
    public PostgresIdentityStore identities() {
        return identities;
    }

    @Override
    public PostgresSessionStore sessions() {
        return sessions;
    }

    @Override
    public PostgresFeedbackRecordStore feedbackRecords() {
        return feedbackRecords;
    }

    @Override
    public PostgresWebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public PostgresStackStore stacks() {
        return stacks;
    }

    @Override
    public PostgresOrganizationStore organizations() {
        return organizations;
    }

    @Override
    public List<TenantOwnedStore> tenantOwnedStores() {
        // rows first (children before parents), the logs last: the purge then records its own entries
        return List.of(sessions, identities, feedbackRecords, webhooks, stacks, logs.purger());
    }
}
