package dev.lockstep.inmemory;

import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.idempotency.ExpiredAnswers;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.SessionQueries;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.WebhookGatedCreate;
import dev.lockstep.domain.webhook.WebhookQueries;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * The whole in-memory storage, usable from plain Java without Micronaut:
 *
 * <pre>{@code
 * StoragePorts storage = new InMemoryStorage(Clock.systemUTC(), StorageSettings.defaults());
 * }</pre>
 *
 * It passes the same contract suite as the PostgreSQL adapter, so other teams can run the real use
 * cases against it in unit tests. Rows live in an embedded H2 database (in memory, or in a file that
 * survives restarts); each unit of work is an explicit {@link InMemoryUnitOfWork}, one H2
 * transaction, so a reader never sees a unit's changes before it commits and a failed unit leaves
 * nothing. The tenant gates and the key locks (rows, slugs, IdP organizations) are JVM locks of this
 * storage, bounded by its {@link StorageSettings}: H2 has no advisory locks, and one process owns
 * the data. Close it to free the database.
 */
public final class InMemoryStorage implements StoragePorts, AutoCloseable {
    private final InMemoryDatabase db;
    private final KeyLocks keyLocks = new KeyLocks();
    private final TenantGates gates;
    private final InMemoryTenantWriteLocks tenantWriteLocks;
    private final InMemoryIdentities identities;
    private final InMemorySessions sessions;
    private final InMemoryFeedbackRecords feedbackRecords;
    private final InMemoryWebhooks webhooks;
    private final InMemoryStacks stacks;
    private final InMemoryChangeLogs changeLogs;
    private final InMemoryOrganizations organizations;

    /** A storage in a new in-memory database, migrated here through Flyway's API. */
    public InMemoryStorage(Clock clock, StorageSettings settings) {
        this(clock, settings, InMemoryDatabase.inMemory().migrate());
    }

    /**
     * A storage whose data is kept in the H2 file {@code file} across restarts, migrated here through
     * Flyway's API.
     *
     * @throws MemoryFileInUseException when another process has the file open
     */
    public InMemoryStorage(Clock clock, StorageSettings settings, Path file) {
        this(clock, settings, migrated(InMemoryDatabase.file(file)));
    }

    /**
     * A storage in a new in-memory database, with {@code lockWaits} told how long each tenant, row,
     * organization and slug lock took.
     */
    public InMemoryStorage(Clock clock, StorageSettings settings, LockWaits lockWaits) {
        this(clock, settings, InMemoryDatabase.inMemory().migrate(), lockWaits);
    }

    /** A storage on {@code db}, whose schema is already migrated (by micronaut-flyway in the server). */
    public InMemoryStorage(Clock clock, StorageSettings settings, InMemoryDatabase db) {
        this(clock, settings, db, LockWaits.NONE);
    }

    /**
     * A storage on {@code db}, whose schema is already migrated, with {@code lockWaits} told how long
     * each tenant, row, organization and slug lock took.
     */
    public InMemoryStorage(Clock clock, StorageSettings settings, InMemoryDatabase db, LockWaits lockWaits) {
        this.db = db;
        InMemoryUnitOfWork.Shared shared =
                new InMemoryUnitOfWork.Shared(db, keyLocks, InMemoryLogPositions.above(db), lockWaits);
        this.gates = new TenantGates(shared);
        this.identities = new InMemoryIdentities(db, settings.rowLockWait());
        this.sessions = new InMemorySessions(db, settings.rowLockWait());
        this.feedbackRecords = new InMemoryFeedbackRecords(gates, db, settings.rowLockWait());
        this.webhooks = new InMemoryWebhooks(gates, db, settings.rowLockWait());
        this.stacks = new InMemoryStacks(clock, db, settings.envLockTimeout());
        this.changeLogs = new InMemoryChangeLogs(clock, db, shared.logPositions());
        this.organizations = new InMemoryOrganizations(shared, settings.organizationLockWait());
        this.tenantWriteLocks = new InMemoryTenantWriteLocks(
                gates,
                settings.purgeLockTimeout(),
                new InMemoryTenantUnit.Tables(
                        identities,
                        sessions,
                        feedbackRecords,
                        webhooks,
                        stacks,
                        changeLogs,
                        new InMemoryIdempotencyRecords()));
    }

    /** A storage with the system clock and default bounds. */
    public InMemoryStorage() {
        this(Clock.systemUTC(), StorageSettings.defaults());
    }

    private static InMemoryDatabase migrated(InMemoryDatabase db) {
        try {
            return db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Closes the database; a file keeps what was committed. */
    @Override
    public void close() {
        db.close();
    }

    /** Whether a purge of {@code tenant} holds or waits for the exclusive lock. */
    public boolean purgeQueuedOrRunning(TenantId tenant) {
        return gates.purgeQueuedOrRunning(tenant);
    }

    /**
     * Test hook: how many threads are queued right now on any JVM lock of this storage — purges
     * waiting for a tenant's exclusive lock (behind in-flight writers or another purge) and units
     * waiting for a key lock (a row, a stack, a slug, an IdP organization). Writers never queue on a
     * tenant lock (they try and fail fast), so they do not count. A race test waits until this has
     * grown by the party it started before it acts, instead of sleeping and hoping.
     */
    public int lockWaiters() {
        return gates.queuedThreads() + keyLocks.queuedThreads();
    }

    /**
     * Test hook: runs {@code work} as a bare unit of work of this storage, holding no tenant lock, so
     * a test can hold a store's key from another thread until it lets go, e.g. {@code unit.lockKey(
     * InMemoryStorage.stackRowLockKey(tenant, slug), timeout, "test hold")}. It reaches no store.
     */
    public <T> T runUnit(Function<InMemoryUnitOfWork, T> work) {
        return gates.bare(work);
    }

    /**
     * Test hook: the key a stack's row lock is taken on (by the env merge, the mark-deleting and the
     * teardown), for {@link InMemoryUnitOfWork#lockKey} in a {@link #runUnit} of a test.
     */
    public static Object stackRowLockKey(TenantId tenant, Slug slug) {
        return InMemoryStacks.rowLockKey(tenant, slug);
    }

    @Override
    public TenantWriteLocks tenantWriteLocks() {
        return tenantWriteLocks;
    }

    @Override
    public OrganizationSync organizationSync() {
        return organizations;
    }

    @Override
    public FeedbackRecordGatedCreate feedbackRecordGatedCreate() {
        return feedbackRecords;
    }

    @Override
    public WebhookGatedCreate webhookGatedCreate() {
        return webhooks;
    }

    @Override
    public IdentityQueries identityQueries() {
        return identities;
    }

    @Override
    public SessionQueries sessionQueries() {
        return sessions;
    }

    @Override
    public FeedbackRecordQueries feedbackRecordQueries() {
        return feedbackRecords;
    }

    @Override
    public WebhookQueries webhookQueries() {
        return webhooks;
    }

    @Override
    public StackQueries stackQueries() {
        return stacks;
    }

    @Override
    public ChangeLogQueries changeLogQueries() {
        return changeLogs;
    }

    @Override
    public OrganizationQueries organizationQueries() {
        return organizations;
    }

    @Override
    public ExpiredAnswers expiredAnswers() {
        return new InMemoryExpiredAnswers(db);
    }
}
