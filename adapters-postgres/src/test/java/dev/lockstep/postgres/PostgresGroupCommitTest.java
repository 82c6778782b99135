package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.Await;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Group commit of the gated creates ({@link PgGroupCommit}): creates that arrive while one is in
 * flight go together in the next statement. The batches are made to happen for real, never by
 * timing: the statement in flight is held in the database (it inserts an id that another connection
 * has inserted and not committed, so it waits on that key, seen in {@code pg_locks}), the other
 * creates are seen queued in the JVM, then the holder rolls back. The storage reports every
 * statement's size through its {@link BatchSizeMeter} port, which this test records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresGroupCommitTest {

    /** The tenant lock under test; a subclass runs the same cases on the other one. */
    StorageSettings.TenantLock tenantLock() {
        return StorageSettings.TenantLock.ADVISORY;
    }

    /** A tenant that has written before (the advisory lock needs nothing of a tenant). */
    TenantId knownTenant(String prefix) throws Exception {
        return TenantId.of(prefix + UUID.randomUUID());
    }

    /** The tenant's shared lock held from a connection of its own, as another instance's writer holds it. */
    AutoCloseable holdWriterOfAnotherInstance(TenantId tenant) throws Exception {
        Connection c = fixture.database().connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(PostgresTenantWriteLocks.TRY_SHARED)) {
            ps.setString(1, PostgresTenantWriteLocks.lockKey(tenant));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1))
                        .as("the shared lock from the second connection")
                        .isTrue();
            }
        }
        return () -> {
            c.rollback();
            c.close();
        };
    }

    private static final Clock CLOCK = Clock.systemUTC();

    PostgresFixture fixture;
    private PostgresStorage storage;
    private final List<Integer> statements = new CopyOnWriteArrayList<>();
    private ExecutorService threads;

    @BeforeAll
    void open() {
        fixture = new PostgresFixture(tenantLock());
        storage = new PostgresStorage(
                fixture.dataSource(),
                CLOCK,
                StorageSettings.defaults().withTenantLock(tenantLock()),
                LockWaits.NONE,
                (kind, requests) -> {
                    if (kind == BatchSizeMeter.Kind.FEEDBACK_RECORD_CREATE) {
                        statements.add(requests);
                    }
                });
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    void close() {
        threads.shutdownNow();
        fixture.close();
    }

    @BeforeEach
    void forget() {
        statements.clear();
    }

    @Test
    void concurrentCreatesAreEachStoredOnceAndShareStatements() throws Exception {
        List<TenantId> tenants = List.of(knownTenant("gc-a-"), knownTenant("gc-b-"), knownTenant("gc-c-"));
        int writers = 16;
        int each = 25;
        List<Future<List<UUID>>> created = new ArrayList<>();
        try (InFlight held = holdStatementInFlight(tenants.get(0))) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                created.add(threads.submit(() -> {
                    List<UUID> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        TenantId tenant = tenants.get((writer + i) % tenants.size());
                        ids.add(create(record(tenant, UUID.randomUUID(), Map.of("w", writer, "i", i)))
                                .id());
                    }
                    return ids;
                }));
            }
            // every writer's first create waits behind the statement in flight
            Await.until(writers + " creates queued", () -> queued() == writers);
            held.release();
            assertThat(held.create.get(10, TimeUnit.SECONDS).id()).isEqualTo(held.id);
        }
        List<UUID> ids = new ArrayList<>();
        for (Future<List<UUID>> f : created) {
            ids.addAll(f.get(30, TimeUnit.SECONDS));
        }

        assertThat(ids).hasSize(writers * each).doesNotHaveDuplicates();
        assertThat(countById(ids))
                .as("rows stored per id")
                .containsOnlyKeys(ids)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(statements).as("the queued creates went in one statement").contains(writers);
        assertThat(statements.stream().mapToInt(Integer::intValue).sum())
                .as("every create was carried by exactly one statement")
                .isEqualTo(writers * each + 1);
    }

    @Test
    void aRowThatFailsItsStatementFailsAloneAndItsBatchMatesLand() throws Exception {
        TenantId tenant = knownTenant("gc-fail-");
        FeedbackRecord existing = create(record(tenant, UUID.randomUUID(), Map.of("first", true)));
        statements.clear();
        List<FeedbackRecord> fresh = new ArrayList<>();
        List<Future<FeedbackRecord>> answers = new ArrayList<>();
        Future<FeedbackRecord> duplicate;
        try (InFlight held = holdStatementInFlight(tenant)) {
            for (int i = 0; i < 5; i++) {
                // payloads whose text form needs quoting: the batch carries them in text arrays
                FeedbackRecord r = record(
                        tenant,
                        UUID.randomUUID(),
                        Map.of("q", "a \"quoted\" \\ {x,y} é " + i, "n", List.of(i, Map.of("k", "}"))));
                fresh.add(r);
                answers.add(threads.submit(() -> create(r)));
            }
            // the same id as a stored row: this row alone breaks the statement's unique key
            duplicate = threads.submit(() -> create(record(tenant, existing.id(), Map.of("second", true))));
            Await.until("6 creates queued", () -> queued() == 6);
            held.release();
            held.create.get(10, TimeUnit.SECONDS);
        }

        for (int i = 0; i < fresh.size(); i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(fresh.get(i));
            assertThat(storage.feedbackRecordQueries().find(tenant, fresh.get(i).id()))
                    .contains(fresh.get(i));
        }
        assertThat(failure(duplicate))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PgErrors.UNIQUE_VIOLATION);
        assertThat(storage.feedbackRecordQueries().find(tenant, existing.id())).contains(existing);
        assertThat(statements).as("the six were gathered into one batch").contains(6);
    }

    @Test
    void aPurgeQueuedWhileBatchesFlowRefusesNewCreatesAndLeavesNoSurvivor() throws Exception {
        TenantId victim = knownTenant("gc-victim-");
        TenantId other = knownTenant("gc-other-");
        for (int i = 0; i < 3; i++) {
            create(record(victim, UUID.randomUUID(), Map.of("before", i)));
        }
        CompletableFuture<PurgeTenantData.Result> purge;
        List<Future<FeedbackRecord>> victims = new ArrayList<>();
        List<Future<FeedbackRecord>> others = new ArrayList<>();
        try (AutoCloseable writer = holdWriterOfAnotherInstance(victim)) {
            purge = CompletableFuture.supplyAsync(
                    () -> new PurgeTenantData(storage.tenantWriteLocks()).purge(victim), threads);
            Await.until("the purge is queued behind the writer", () -> fixture.lockWaiters(storage) >= 1);
            statements.clear();
            try (InFlight held = holdStatementInFlight(other)) {
                Await.until("purge and create both wait", () -> fixture.lockWaiters(storage) >= 2);
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    victims.add(threads.submit(() -> create(record(victim, UUID.randomUUID(), Map.of("v", n)))));
                    others.add(threads.submit(() -> create(record(other, UUID.randomUUID(), Map.of("o", n)))));
                }
                Await.until("16 creates of both tenants queued", () -> queued() == 16);
                held.release();
                held.create.get(10, TimeUnit.SECONDS);
            }
            for (Future<FeedbackRecord> v : victims) {
                assertThat(failure(v)).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.TENANT_WRITE_CONFLICT));
            }
            for (Future<FeedbackRecord> o : others) {
                assertThat(o.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo(other);
            }
            assertThat(statements).as("both tenants' creates in one statement").contains(16);
            // still queued: a lone create is refused as well
            assertThat(failure(threads.submit(() -> create(record(victim, UUID.randomUUID(), Map.of())))))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.TENANT_WRITE_CONFLICT));
            assertThat(purge).isNotDone();
        }

        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName()).containsEntry("feedbackRecords", 3L);
        assertThat(rowsOf(victim)).as("no survivor of the purged tenant").isZero();
        assertThat(rowsOf(other)).isEqualTo(9);
    }

    @Test
    void withTwoLanesTwoStatementsInFlightQueueTheRestAndTheLanesComeBack() throws Exception {
        TenantId tenant = knownTenant("gc-lanes-");
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        PgGroupCommit<PgGatedCreate.Row, PgGatedCreate.Gate> twoLanes = new PgGroupCommit<>(
                BatchSizeMeter.Kind.FEEDBACK_RECORD_CREATE,
                new PgTransactions(
                        fixture.dataSource(),
                        LockWaits.NONE,
                        fixture.dataSource().getMaximumPoolSize(),
                        java.time.Duration.ofSeconds(2)),
                storage.feedbackRecordGatedCreate().statement(tenantLock()),
                (kind, requests) -> sizes.add(requests),
                PgGroupCommit.MAX_BATCH,
                2,
                java.time.Duration.ofSeconds(10));
        List<Connection> holders = new ArrayList<>();
        List<Future<PgGatedCreate.Gate>> held = new ArrayList<>();
        List<Future<PgGatedCreate.Gate>> queued = new ArrayList<>();
        try {
            for (int lane = 0; lane < 2; lane++) {
                UUID id = UUID.randomUUID();
                holders.add(insertUncommitted(tenant, id));
                int before = fixture.lockWaiters(storage);
                held.add(threads.submit(() -> twoLanes.submit(
                        storage.feedbackRecordGatedCreate().row(record(tenant, id, Map.of("lane", true))))));
                Await.until("the lane's statement waits", () -> fixture.lockWaiters(storage) > before);
            }
            for (int i = 0; i < 5; i++) {
                queued.add(threads.submit(() -> twoLanes.submit(
                        storage.feedbackRecordGatedCreate().row(record(tenant, UUID.randomUUID(), Map.of())))));
            }
            // both lanes busy: no third statement starts, all five queue
            Await.until("five queued behind two lanes", () -> twoLanes.queued() == 5);
            assertThat(sizes).containsExactly(1, 1);
        } finally {
            for (Connection c : holders) {
                c.rollback();
                c.close();
            }
        }
        for (Future<PgGatedCreate.Gate> f : held) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(PgGatedCreate.Gate.INSERTED);
        }
        for (Future<PgGatedCreate.Gate> f : queued) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(PgGatedCreate.Gate.INSERTED);
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        // every lane came back: a lone request leads at once and nothing is left queued
        assertThat(twoLanes.submit(
                        storage.feedbackRecordGatedCreate().row(record(tenant, UUID.randomUUID(), Map.of()))))
                .isEqualTo(PgGatedCreate.Gate.INSERTED);
        assertThat(twoLanes.queued()).isZero();
        assertThat(rowsOf(tenant)).isEqualTo(8);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private FeedbackRecord create(FeedbackRecord r) {
        return storage.feedbackRecordGatedCreate().createGated(r);
    }

    private int queued() {
        return storage.feedbackRecordGatedCreate().groupCommit().queued();
    }

    private static FeedbackRecord record(TenantId tenant, UUID id, Map<String, Object> payload) {
        Instant now = Timestamps.now(CLOCK);
        return new FeedbackRecord(id, tenant, null, new FeedbackPayload(payload), now, now);
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a success");
    }

    /**
     * A gated create of {@code tenant} in flight and held there: another connection inserts its id
     * without committing, so the create's statement waits on that key until {@link #release}.
     */
    private InFlight holdStatementInFlight(TenantId tenant) throws Exception {
        UUID id = UUID.randomUUID();
        Connection c = insertUncommitted(tenant, id);
        int before = fixture.lockWaiters(storage);
        Future<FeedbackRecord> create = threads.submit(() -> create(record(tenant, id, Map.of("held", true))));
        Await.until("the create's statement waits on the uncommitted key", () -> fixture.lockWaiters(storage) > before);
        return new InFlight(id, c, create);
    }

    /** A feedback row inserted and not committed, on a connection of its own (roll it back). */
    private Connection insertUncommitted(TenantId tenant, UUID id) throws Exception {
        Connection c = fixture.database().connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO feedback_records (tenant_id, id, payload, created_at, updated_at)"
                        + " VALUES (?, ?, '{}', now(), now())")) {
            ps.setString(1, tenant.value());
            ps.setObject(2, id);
            ps.executeUpdate();
        }
        return c;
    }

    private static final class InFlight implements AutoCloseable {
        final UUID id;
        final Connection holder;
        final Future<FeedbackRecord> create;

        InFlight(UUID id, Connection holder, Future<FeedbackRecord> create) {
            this.id = id;
            this.holder = holder;
            this.create = create;
        }

        void release() throws Exception {
            if (!holder.isClosed()) {
                holder.rollback();
                holder.close();
            }
        }

        @Override
        public void close() throws Exception {
            release();
        }
    }

    private Map<UUID, Integer> countById(List<UUID> ids) throws Exception {
        try (Connection c = fixture.database().connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, count(*) FROM feedback_records WHERE id = ANY(?) GROUP BY id")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            Map<UUID, Integer> counts = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
            return counts;
        }
    }

    private long rowsOf(TenantId tenant) throws Exception {
        try (Connection c = fixture.database().connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM feedback_records WHERE tenant_id = ?")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
