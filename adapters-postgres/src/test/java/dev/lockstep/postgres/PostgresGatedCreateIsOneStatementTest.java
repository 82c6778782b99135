package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.Await;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookUrl;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gated creates are one statement per batch in autocommit — one round trip, no transaction
 * around it, a lone create a batch of one (sent with scalar parameters), and the creates that queued while a statement was in
 * flight together in the next one — and when the tenant's lock is refused that statement inserts
 * nothing for the tenant and the answer is a conflict, never a success. Every statement the storage
 * sends is recorded through a DataSource that wraps the pool. Every statement of every gated create
 * is written with the tenant gate its lock class defines, and refuses every row while a purge keeps
 * the tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresGatedCreateIsOneStatementTest {
    /** The tenant lock under test; a subclass runs the same cases on the other one. */
    StorageSettings.TenantLock tenantLock() {
        return StorageSettings.TenantLock.ADVISORY;
    }

    /** The one statement a batch of gated creates sends. */
    String gatedSql(PgGatedCreate<?> create) {
        return create.batch;
    }

    /** The one statement a lone gated create (a batch of one) sends. */
    String loneGatedSql(PgGatedCreate<?> create) {
        return create.lone;
    }

    /** Each statement a gated create sends under the lock under test, with the gate it must be written with. */
    Map<String, String> gatesOf(PgGatedCreate<?> create) {
        return Map.of(
                create.lone, PostgresTenantWriteLocks.TRY_SHARED_CONDITION,
                create.batch, PostgresTenantWriteLocks.TRY_SHARED_OF_ROWS);
    }

    /**
     * The ways a purge of another instance keeps a tenant's writers out, each applied on a
     * connection of its own ({@code purge}, in a transaction): here, holding the exclusive lock.
     */
    Map<String, PurgeHold> purgeHolds() {
        return Map.of("a purge holds the exclusive lock", this::holdExclusive);
    }

    /** How a purge holds a tenant on its own connection. */
    @FunctionalInterface
    interface PurgeHold {
        void hold(Connection purge, TenantId tenant) throws Exception;
    }

    /** A tenant that has written before (the advisory lock needs nothing of a tenant). */
    TenantId knownTenant(String prefix) throws Exception {
        return TenantId.of(prefix + System.nanoTime());
    }

    /** Takes the tenant's exclusive lock on {@code purge}, as a purge of another instance holds it. */
    void holdExclusive(Connection purge, TenantId tenant) throws Exception {
        try (PreparedStatement ps = purge.prepareStatement(PostgresTenantWriteLocks.EXCLUSIVE)) {
            ps.setString(1, PostgresTenantWriteLocks.lockKey(tenant));
            ps.executeQuery().close();
        }
    }

    PostgresFixture fixture;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private PostgresStorage storage;

    @BeforeAll
    void open() {
        fixture = new PostgresFixture();
        storage = new PostgresStorage(
                recording(fixture.dataSource()),
                Clock.systemUTC(),
                StorageSettings.defaults().withTenantLock(tenantLock()));
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void aFeedbackRecordCreateIsOneGatedStatementInAutocommit() throws Exception {
        TenantId tenant = knownTenant("one-statement-");
        sent.clear();
        new CreateFeedbackRecord(
                        storage.feedbackRecordGatedCreate(),
                        storage.tenantWriteLocks(),
                        new UuidIdGenerator(),
                        Clock.systemUTC())
                .create(tenant, null, new FeedbackPayload(Map.of("a", 1)));
        assertThat(sent).containsExactly("prepare:" + loneGatedSql(storage.feedbackRecordGatedCreate()));
    }

    @Test
    void aWebhookCreateIsOneGatedStatementInAutocommit() throws Exception {
        TenantId tenant = knownTenant("one-statement-w-");
        sent.clear();
        new CreateWebhook(
                        storage.webhookGatedCreate(),
                        storage.tenantWriteLocks(),
                        new UuidIdGenerator(),
                        Clock.systemUTC())
                .create(tenant, WebhookUrl.of("https://x.example"), EventTypes.of(List.of()), true);
        assertThat(sent).containsExactly("prepare:" + loneGatedSql(storage.webhookGatedCreate()));
    }

    @Test
    void aRefusedGateInsertsNothingAndIsAConflict() throws Exception {
        TenantId tenant = knownTenant("refused-");
        // a purge of another instance holds the exclusive lock on its own connection
        try (Connection purge = fixture.database().connect()) {
            purge.setAutoCommit(false);
            holdExclusive(purge, tenant);
            sent.clear();
            assertThatThrownBy(() -> new CreateFeedbackRecord(
                                    storage.feedbackRecordGatedCreate(),
                                    storage.tenantWriteLocks(),
                                    new UuidIdGenerator(),
                                    Clock.systemUTC())
                            .create(tenant, null, new FeedbackPayload(Map.of())))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.TENANT_WRITE_CONFLICT));
            assertThat(sent).containsExactly("prepare:" + loneGatedSql(storage.feedbackRecordGatedCreate()));
            purge.rollback();
        }
        assertThat(storage.feedbackRecordQueries()
                        .list(tenant, PageRequest.first(10))
                        .items())
                .isEmpty();
    }

    @Test
    void createsQueuedBehindAStatementInFlightGoTogetherInOneStatement() throws Exception {
        TenantId tenant = knownTenant("batch-");
        UUID held = UUID.randomUUID();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (Connection holder = fixture.database().connect()) {
            // the statement in flight waits on a key another connection inserted and has not committed
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(
                    "INSERT INTO feedback_records (tenant_id, id, payload, created_at, updated_at)"
                            + " VALUES (?, ?, '{}', now(), now())")) {
                ps.setString(1, tenant.value());
                ps.setObject(2, held);
                ps.executeUpdate();
            }
            int waiting = fixture.lockWaiters(storage);
            Future<FeedbackRecord> first =
                    threads.submit(() -> storage.feedbackRecordGatedCreate().createGated(record(tenant, held)));
            Await.until("the first create's statement waits", () -> fixture.lockWaiters(storage) > waiting);
            sent.clear();
            List<Future<FeedbackRecord>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(threads.submit(
                        () -> storage.feedbackRecordGatedCreate().createGated(record(tenant, UUID.randomUUID()))));
            }
            Await.until(
                    "five creates queued",
                    () -> storage.feedbackRecordGatedCreate().groupCommit().queued() == 5);
            holder.rollback();
            assertThat(first.get(10, TimeUnit.SECONDS).id()).isEqualTo(held);
            for (Future<FeedbackRecord> f : queued) {
                assertThat(f.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo(tenant);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sent).containsExactly("prepare:" + gatedSql(storage.feedbackRecordGatedCreate()));
        assertThat(storage.feedbackRecordQueries()
                        .list(tenant, PageRequest.first(10))
                        .items())
                .hasSize(6);
    }

    /**
     * Every gated create of the storage, found in it rather than listed here, so that a new one is
     * covered from its first day: each statement it may send is written with the tenant gate of its
     * lock, the one the lock class defines.
     */
    @Test
    void everyGatedCreateStatementIsWrittenWithTheTenantGate() throws Exception {
        List<PgGatedCreate<?>> creates = gatedCreates();
        assertThat(creates).hasSizeGreaterThanOrEqualTo(2);
        for (PgGatedCreate<?> create : creates) {
            gatesOf(create).forEach((sql, gate) -> assertThat(sql)
                    .as(
                            "a statement of %s lacks its tenant gate",
                            create.getClass().getSimpleName())
                    .contains(gate));
        }
    }

    /**
     * The gate does what it is there for, statement by statement: while a purge of another instance
     * keeps the tenant (on a connection of its own), each statement of every gated create — the lone
     * one and a batch of three — answers "refused" for every row and leaves no row of the tenant.
     */
    @Test
    void whileAPurgeKeepsTheTenantNoGatedStatementInsertsARow() throws Exception {
        for (Map.Entry<String, PurgeHold> hold : purgeHolds().entrySet()) {
            for (PgGatedCreate<?> create : gatedCreates()) {
                for (int rows : new int[] {1, 3}) {
                    TenantId tenant = knownTenant("gated-refused-");
                    String what = create.getClass().getSimpleName() + ", " + rows + " row(s), while " + hold.getKey();
                    try (Connection purge = fixture.database().connect();
                            Connection c = fixture.database().connect()) {
                        purge.setAutoCommit(false);
                        hold.getValue().hold(purge, tenant);
                        assertThat(sendGated(create, c, tenant, rows))
                                .as(what)
                                .containsOnly(PgGatedCreate.Gate.REFUSED)
                                .hasSize(rows);
                        purge.rollback();
                    }
                    assertThat(rowsOf(tableOf(create), tenant)).as(what).isZero();
                }
            }
        }
    }

    /** The gated creates of the storage under test. */
    private List<PgGatedCreate<?>> gatedCreates() throws IllegalAccessException {
        List<PgGatedCreate<?>> creates = new ArrayList<>();
        for (Field field : PostgresStorage.class.getDeclaredFields()) {
            if (PgGatedCreate.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                creates.add((PgGatedCreate<?>) field.get(storage));
            }
        }
        return creates;
    }

    /** Sends the statement of {@code create} under the lock under test for {@code n} new rows of the tenant. */
    private List<PgGatedCreate.Gate> sendGated(PgGatedCreate<?> create, Connection c, TenantId tenant, int n)
            throws Exception {
        List<PgGatedCreate.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(rowOf(create, tenant));
        }
        return create.statement(tenantLock()).send(c, rows);
    }

    private static PgGatedCreate.Row rowOf(PgGatedCreate<?> create, TenantId tenant) {
        Instant now = Timestamps.now(Clock.systemUTC());
        if (create instanceof PostgresFeedbackRecordGatedCreate records) {
            return records.row(record(tenant, UUID.randomUUID()));
        }
        if (create instanceof PostgresWebhookGatedCreate webhooks) {
            return webhooks.row(new Webhook(
                    UUID.randomUUID(),
                    tenant,
                    WebhookUrl.of("https://x.example"),
                    EventTypes.of(List.of()),
                    true,
                    now,
                    now));
        }
        throw new AssertionError("a new gated create: give this test a row of it, " + create.getClass());
    }

    private static String tableOf(PgGatedCreate<?> create) {
        if (create instanceof PostgresFeedbackRecordGatedCreate) {
            return "feedback_records";
        }
        if (create instanceof PostgresWebhookGatedCreate) {
            return "webhooks";
        }
        throw new AssertionError("a new gated create: give this test its table, " + create.getClass());
    }

    private int rowsOf(String table, TenantId tenant) throws Exception {
        try (Connection c = fixture.database().connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static FeedbackRecord record(TenantId tenant, UUID id) {
        Instant now = Timestamps.now(Clock.systemUTC());
        return new FeedbackRecord(id, tenant, null, new FeedbackPayload(Map.of()), now, now);
    }

    /** Records every statement prepared or created and every transaction begun on its connections. */
    private DataSource recording(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    if (method.getName().equals("getConnection")) {
                        Connection real = (Connection) result;
                        InvocationHandler onConnection = (p, m, a) -> {
                            switch (m.getName()) {
                                case "prepareStatement" -> sent.add("prepare:" + a[0]);
                                case "createStatement" -> sent.add("statement");
                                case "setAutoCommit" -> {
                                    if (!((Boolean) a[0])) {
                                        sent.add("begin");
                                    }
                                }
                                default -> {}
                            }
                            return invoke(real, m, a);
                        };
                        return Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {Connection.class}, onConnection);
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
