package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.Await;
import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Database faults are classified by cause (ARCHITECTURE.md "Errors across the boundary"), each
 * forced for real on PostgreSQL: a backend terminated mid-unit, a statement cancelled, a deadlock
 * between two units, a serialization failure, a connection lost after the COMMIT was sent, and lock
 * waits that had no bound. Each race waits until the unit under test is queued on a lock
 * ({@code pg_locks} not granted) before it acts on it from a second connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFaultClassificationTest {
    private PostgresFixture fixture;
    private StoragePorts storage;
    private CreateIdentity create;
    private DeleteIdentity delete;

    @BeforeAll
    void open() {
        fixture = new PostgresFixture();
        storage = fixture.storage(StorageSettings.defaults());
        create = new CreateIdentity(storage.tenantWriteLocks(), new UuidIdGenerator(), Clock.systemUTC());
        delete = new DeleteIdentity(storage.tenantWriteLocks(), Clock.systemUTC());
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    private static TenantId newTenant() {
        return TenantId.of("t-" + UUID.randomUUID());
    }

    private CreateIdentity.Command identity(String externalId) {
        return new CreateIdentity.Command(externalId, Map.of(), List.of());
    }

    /** The one backend of this database that waits for a lock, once there is one. */
    private int waitingBackend(StoragePorts s) {
        Await.until("the unit under test is queued on a lock", () -> fixture.lockWaiters(s) >= 1);
        try (Connection c = fixture.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        """
                        SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                         WHERE NOT l.granted AND a.datname = current_database()
                        """)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private static ErrorCode codeOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + f.join());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DomainException.class);
            return ((DomainException) e.getCause()).code();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the unit did not end", e);
        }
    }

    @Test
    void backendTerminatedDuringTheSoftDeleteSavepointIsStorageUnavailableNotABug() throws Exception {
        // the measured 500: the savepoint retry rolled back on the connection the pool had closed
        TenantId tenant = newTenant();
        create.create(tenant, identity("gen"));
        delete.delete(tenant, "gen"); // an older deleted generation exists now
        create.create(tenant, identity("gen"));
        try (Connection holder = fixture.database().connect()) {
            holder.setAutoCommit(false);
            // lock the older generation: the delete's removal of it queues behind this
            run(
                    holder,
                    "SELECT id FROM identities WHERE tenant_id = ? AND external_id = 'gen' AND deleted FOR UPDATE",
                    tenant.value());
            CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> delete.delete(tenant, "gen"));
            int pid = waitingBackend(storage);
            run(holder, "SELECT pg_terminate_backend(?)", pid);
            assertThat(codeOf(deleting)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            holder.rollback();
        }
        // the broken connection was not handed out again: the retry of the client succeeds
        delete.delete(tenant, "gen");
        assertThat(storage.identityQueries().find(tenant, IdentityRef.of("gen")))
                .isEmpty();
    }

    @Test
    void cancelledStatementIsStorageUnavailable() throws Exception {
        TenantId tenant = newTenant();
        Slug slug = Slug.of("web");
        storage.tenantWriteLocks().write(tenant, u -> u.stacks().create(tenant, slug, Map.of()));
        try (Connection holder = fixture.database().connect()) {
            holder.setAutoCommit(false);
            run(holder, "SELECT 1 FROM stacks WHERE tenant_id = ? AND slug = 'web' FOR UPDATE", tenant.value());
            CompletableFuture<Object> merging = CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks()
                    .write(tenant, u -> u.stacks().mergeEnv(tenant, slug, EnvPatch.fromJson(Map.of("A", "1")))));
            int pid = waitingBackend(storage);
            run(holder, "SELECT pg_cancel_backend(?)", pid);
            assertThat(codeOf(merging)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            holder.rollback();
        }
        assertThat(storage.stackQueries().find(tenant, slug).orElseThrow().env())
                .isEmpty();
    }

    @Test
    void deadlockBetweenTwoUnitsIsRetriedAndBothWritesLand() throws Exception {
        // A locks s1 then s2, B locks s2 then s1; B asks for s1 only once A is queued on s2
        TenantId tenant = newTenant();
        Slug s1 = Slug.of("one");
        Slug s2 = Slug.of("two");
        storage.tenantWriteLocks().write(tenant, u -> {
            u.stacks().create(tenant, s1, Map.of());
            return u.stacks().create(tenant, s2, Map.of());
        });
        CountDownLatch aHoldsS1 = new CountDownLatch(1);
        CountDownLatch bHoldsS2 = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Object> a =
                CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks().write(tenant, u -> {
                    runs.incrementAndGet();
                    u.stacks().mergeEnv(tenant, s1, EnvPatch.fromJson(Map.of("A", "1")));
                    aHoldsS1.countDown();
                    await(bHoldsS2);
                    return u.stacks().mergeEnv(tenant, s2, EnvPatch.fromJson(Map.of("A", "1")));
                }));
        CompletableFuture<Object> b =
                CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks().write(tenant, u -> {
                    runs.incrementAndGet();
                    await(aHoldsS1);
                    u.stacks().mergeEnv(tenant, s2, EnvPatch.fromJson(Map.of("B", "1")));
                    if (bHoldsS2.getCount() > 0) {
                        bHoldsS2.countDown();
                        Await.until("A is queued on s2", () -> fixture.lockWaiters(storage) >= 1);
                    }
                    return u.stacks().mergeEnv(tenant, s1, EnvPatch.fromJson(Map.of("B", "1")));
                }));
        a.get(20, TimeUnit.SECONDS);
        b.get(20, TimeUnit.SECONDS);
        assertThat(runs.get()).as("the loser of the deadlock ran again").isEqualTo(3);
        assertThat(storage.stackQueries().find(tenant, s1).orElseThrow().env()).containsOnlyKeys("A", "B");
        assertThat(storage.stackQueries().find(tenant, s2).orElseThrow().env()).containsOnlyKeys("A", "B");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void serializationFailureRunsTheUnitAgainAndGivesUpBounded() {
        // the server reports 40001 for real; the unit sees it as any statement would
        PgTransactions tx = new PgTransactions(
                fixture.dataSource(),
                dev.lockstep.application.LockWaits.NONE,
                fixture.dataSource().getMaximumPoolSize(),
                Duration.ofSeconds(2));
        String raise = "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$";
        AtomicInteger runs = new AtomicInteger();
        String answer = tx.inUnit(unit -> unit.run(c -> {
            if (runs.incrementAndGet() == 1) {
                run(c, raise);
            }
            return "done";
        }));
        assertThat(answer).isEqualTo("done");
        assertThat(runs.get()).isEqualTo(2);

        AtomicInteger always = new AtomicInteger();
        assertThatThrownBy(() -> tx.inUnit(unit -> unit.run(c -> {
                    always.incrementAndGet();
                    run(c, raise);
                    return null;
                })))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
        assertThat(always.get()).isEqualTo(PgTransactions.ATTEMPTS);
    }

    @Test
    void connectionLostAfterTheCommitWasSentIsOutcomeUnknown() throws Exception {
        TenantId tenant = newTenant();
        try (Connection holder = fixture.database().connect()) {
            holder.setAutoCommit(false);
            // the audit row travels with COMMIT: its insert queues behind this table lock
            run(holder, "LOCK TABLE audit_log IN SHARE MODE");
            CompletableFuture<Object> creating =
                    CompletableFuture.supplyAsync(() -> create.create(tenant, identity("second")));
            int pid = waitingBackend(storage);
            run(holder, "SELECT pg_terminate_backend(?)", pid);
            assertThat(codeOf(creating)).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
            holder.rollback();
        }
    }

    /**
     * What a standby answers every write with ({@code 25006}), e.g. to a server whose single-host URL
     * names a node that was demoted by a failover: made here with sessions that are read-only from
     * their start. Neither a unit of work nor a one-statement gated create is a 500, and nothing is
     * written.
     */
    @Test
    void aWriteRefusedByAReadOnlyServerIsStorageUnavailableAndWritesNothing() {
        TenantId tenant = newTenant();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(fixture.database().url());
        config.setUsername(fixture.database().user());
        config.setPassword(fixture.database().password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionInitSql("SET default_transaction_read_only = on");
        try (HikariDataSource readOnly = new HikariDataSource(config)) {
            StoragePorts onReadOnly = new PostgresStorage(readOnly, Clock.systemUTC(), StorageSettings.defaults());
            CreateIdentity viaReadOnly =
                    new CreateIdentity(onReadOnly.tenantWriteLocks(), new UuidIdGenerator(), Clock.systemUTC());
            assertThatThrownBy(() -> viaReadOnly.create(tenant, identity("refused")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
            Instant now = Instant.now();
            FeedbackRecord record =
                    new FeedbackRecord(UUID.randomUUID(), tenant, null, new FeedbackPayload(Map.of()), now, now);
            assertThatThrownBy(() -> onReadOnly.feedbackRecordGatedCreate().createGated(record))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
            assertThat(storage.identityQueries().find(tenant, IdentityRef.of("refused")))
                    .isEmpty();
            assertThat(storage.feedbackRecordQueries().find(tenant, record.id()))
                    .isEmpty();
        }
    }

    @Test
    void waitsThatHadNoBoundEndAsLockTimeout() throws Exception {
        StoragePorts bounded = fixture.storage(StorageSettings.defaults().withRowLockWait(Duration.ofMillis(200)));
        CreateIdentity createBounded =
                new CreateIdentity(bounded.tenantWriteLocks(), new UuidIdGenerator(), Clock.systemUTC());
        TenantId tenant = newTenant();
        createBounded.create(tenant, identity("first"));
        try (Connection holder = fixture.database().connect()) {
            holder.setAutoCommit(false);
            // the audit row's insert at COMMIT
            run(holder, "LOCK TABLE audit_log IN SHARE MODE");
            CompletableFuture<Object> audited =
                    CompletableFuture.supplyAsync(() -> createBounded.create(tenant, identity("second")));
            assertThat(codeOf(audited)).isEqualTo(ErrorCode.LOCK_TIMEOUT);
            holder.rollback();
            // identity create's ON CONFLICT wait on an uncommitted insert of the same externalId
            run(
                    holder,
                    """
                    INSERT INTO identities (id, tenant_id, external_id, meta, created_at, updated_at)
                    VALUES (?, ?, 'racing', '{}'::jsonb, now(), now())
                    """,
                    UUID.randomUUID(),
                    tenant.value());
            CompletableFuture<Object> racing =
                    CompletableFuture.supplyAsync(() -> createBounded.create(tenant, identity("racing")));
            assertThat(codeOf(racing)).isEqualTo(ErrorCode.LOCK_TIMEOUT);
            holder.rollback();
        }
        assertThat(createBounded.create(tenant, identity("racing")).externalId().value())
                .isEqualTo("racing");
    }
}
