package dev.lockstep.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The whole PostgreSQL storage over one {@link DataSource}: its entry ports. Writes go through
 * {@link #tenantWriteLocks()} and {@link #organizationSync()}, which hand each unit of work stores
 * bound to that unit's transaction; reads and gated creates are one autocommit statement each.
 * Several server instances on one database stay correct together because every lock lives in
 * PostgreSQL. Gated creates of one kind that arrive together share a statement ({@link PgGroupCommit}).
 */
public final class PostgresStorage implements StoragePorts {
    private final TenantWriteLocks tenantWriteLocks;
    private final PostgresOrganizationSync organizationSync;
    private final PostgresFeedbackRecordGatedCreate feedbackRecordGatedCreate;
    private final PostgresWebhookGatedCreate webhookGatedCreate;
    private final PostgresIdentityQueries identityQueries;
    private final PostgresSessionQueries sessionQueries;
    private final PostgresFeedbackRecordQueries feedbackRecordQueries;
    private final PostgresWebhookQueries webhookQueries;
    private final PostgresStackQueries stackQueries;
    private final PostgresChangeLogQueries changeLogQueries;
    private final PostgresOrganizationQueries organizationQueries;
    private final PostgresExpiredAnswers expiredAnswers;

    public PostgresStorage(DataSource dataSource, Clock clock, StorageSettings settings) {
        this(dataSource, clock, settings, LockWaits.NONE);
    }

    /**
     * With {@code lockWaits} told how long each tenant, row, organization and slug lock took, and each
     * turn at a pooled connection.
     */
    public PostgresStorage(DataSource dataSource, Clock clock, StorageSettings settings, LockWaits lockWaits) {
        this(dataSource, clock, settings, lockWaits, BatchSizeMeter.NONE);
    }

    /** With {@code batchSizes} told how many requests each shared statement carried as well. */
    public PostgresStorage(
            DataSource dataSource,
            Clock clock,
            StorageSettings settings,
            LockWaits lockWaits,
            BatchSizeMeter batchSizes) {
        PgTransactions tx =
                new PgTransactions(dataSource, lockWaits, connections(dataSource), settings.connectionWait());
        PgContext ctx = new PgContext(tx, clock, settings);
        this.tenantWriteLocks = settings.tenantLock() == StorageSettings.TenantLock.ROW
                ? new PostgresRowTenantWriteLocks(ctx)
                : new PostgresTenantWriteLocks(ctx);
        this.organizationSync = new PostgresOrganizationSync(tx, settings.organizationLockWait());
        this.feedbackRecordGatedCreate = new PostgresFeedbackRecordGatedCreate(ctx, batchSizes);
        this.webhookGatedCreate = new PostgresWebhookGatedCreate(ctx, batchSizes);
        this.identityQueries = new PostgresIdentityQueries(tx);
        this.sessionQueries = new PostgresSessionQueries(tx);
        this.feedbackRecordQueries = new PostgresFeedbackRecordQueries(tx);
        this.webhookQueries = new PostgresWebhookQueries(tx);
        this.stackQueries = new PostgresStackQueries(tx);
        this.changeLogQueries = new PostgresChangeLogQueries(tx);
        this.organizationQueries = new PostgresOrganizationQueries(tx);
        this.expiredAnswers = new PostgresExpiredAnswers(tx);
    }

    /**
     * How many units and statements run at once: the HikariCP pool's maximum size; any other data
     * source bounds itself.
     */
    private static int connections(DataSource dataSource) {
        return PgTransactions.hikari(dataSource)
                .map(HikariDataSource::getMaximumPoolSize)
                .orElse(Integer.MAX_VALUE);
    }

    /** Applies the Flyway migrations in {@code db/migration} (idempotent; safe from several instances). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public TenantWriteLocks tenantWriteLocks() {
        return tenantWriteLocks;
    }

    @Override
    public PostgresOrganizationSync organizationSync() {
        return organizationSync;
    }

    @Override
    public PostgresFeedbackRecordGatedCreate feedbackRecordGatedCreate() {
        return feedbackRecordGatedCreate;
    }

    @Override
    public PostgresWebhookGatedCreate webhookGatedCreate() {
        return webhookGatedCreate;
    }

    @Override
    public PostgresIdentityQueries identityQueries() {
        return identityQueries;
    }

    @Override
    public PostgresSessionQueries sessionQueries() {
        return sessionQueries;
    }

    @Override
    public PostgresFeedbackRecordQueries feedbackRecordQueries() {
        return feedbackRecordQueries;
    }

    @Override
    public PostgresWebhookQueries webhookQueries() {
        return webhookQueries;
    }

    @Override
    public PostgresStackQueries stackQueries() {
        return stackQueries;
    }

    @Override
    public PostgresChangeLogQueries changeLogQueries() {
        return changeLogQueries;
    }

    @Override
    public PostgresOrganizationQueries organizationQueries() {
        return organizationQueries;
    }

    @Override
    public PostgresExpiredAnswers expiredAnswers() {
        return expiredAnswers;
    }
}
