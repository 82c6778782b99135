package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.LockWaits;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.Await;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests queue for a pooled connection in arrival order in front of the pool, and that queue keeps
 * the connection-wait bound: with every connection held by a unit waiting for a row lock, one more
 * request waits its turn, then answers {@code storage_unavailable}; when a connection comes back, a
 * queued request gets it and its write lands. Each race waits until the holders are queued on the
 * row lock ({@code pg_locks}) and the extra request is parked in the queue (its thread's stack)
 * before it acts. The refused turn is reported as a {@code connection} wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConnectionAdmissionTest {
    private static final int CONNECTIONS = 2;
    private static final Duration CONNECTION_WAIT = Duration.ofMillis(400);

    private PostgresFixture fixture;
    private HikariDataSource pool;
    private StoragePorts storage;
    /** The thread each started request runs on, to see where it waits. */
    private final Map<FutureTask<?>, Thread> threads = new ConcurrentHashMap<>();
    /** The refused turns the storage reported, as operators see them on {@code /metrics}. */
    private final List<Duration> refusedTurns = new CopyOnWriteArrayList<>();

    @BeforeAll
    void open() {
        fixture = new PostgresFixture();
        pool = fixture.database().pool(CONNECTIONS);
        LockWaits reported = (kind, waited, granted) -> {
            if (kind == LockWaits.Kind.CONNECTION && !granted) {
                refusedTurns.add(waited);
            }
        };
        storage = new PostgresStorage(
                pool,
                Clock.systemUTC(),
                StorageSettings.defaults()
                        .withConnectionWait(CONNECTION_WAIT)
                        .withEnvLockTimeout(Duration.ofSeconds(30)),
                reported);
    }

    @AfterAll
    void close() {
        pool.close();
        fixture.close();
    }

    @Test
    void aRequestQueuedBehindEveryConnectionAnswersStorageUnavailableAfterTheConnectionWait() throws Exception {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
        Slug slug = Slug.of("web");
        storage.tenantWriteLocks().write(tenant, u -> u.stacks().create(tenant, slug, Map.of()));
        try (Connection holder = lockStack(tenant)) {
            List<FutureTask<Object>> merges = holdEveryConnection(tenant, slug);

            long start = System.nanoTime();
            FutureTask<Object> read =
                    started("queued read", () -> storage.stackQueries().find(tenant, slug));
            awaitQueued(read);
            assertThat(codeOf(read)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(CONNECTION_WAIT);
            assertThat(merges).noneMatch(FutureTask::isDone);
            assertThat(refusedTurns).singleElement().satisfies(waited -> assertThat(waited)
                    .isGreaterThanOrEqualTo(CONNECTION_WAIT));

            holder.rollback();
            for (FutureTask<Object> merge : merges) {
                merge.get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(storage.stackQueries().find(tenant, slug).orElseThrow().env())
                .containsOnlyKeys("K0", "K1");
    }

    @Test
    void aQueuedRequestGetsTheNextConnectionAndItsWriteLands() throws Exception {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
        Slug slug = Slug.of("web");
        storage.tenantWriteLocks().write(tenant, u -> u.stacks().create(tenant, slug, Map.of()));
        StoragePorts patient = new PostgresStorage(
                pool,
                Clock.systemUTC(),
                StorageSettings.defaults()
                        .withConnectionWait(Duration.ofSeconds(20))
                        .withEnvLockTimeout(Duration.ofSeconds(30)));
        List<FutureTask<Object>> merges;
        FutureTask<Object> queued;
        try (Connection holder = lockStack(tenant)) {
            merges = holdEveryConnection(patient, tenant, slug);
            queued = started("queued merge", () -> patient.tenantWriteLocks()
                    .write(tenant, u -> u.stacks().mergeEnv(tenant, slug, EnvPatch.fromJson(Map.of("LATE", "1")))));
            awaitQueued(queued);
            holder.rollback();
        }
        for (FutureTask<Object> merge : merges) {
            merge.get(20, TimeUnit.SECONDS);
        }
        queued.get(20, TimeUnit.SECONDS);
        assertThat(storage.stackQueries().find(tenant, slug).orElseThrow().env())
                .containsOnlyKeys("K0", "K1", "LATE");
    }

    /**
     * The database is away (nothing listens on its port). One request per pooled connection gets its
     * turn and waits inside the pool, which keeps failing to connect; more requests queue for a turn
     * behind them (each waits until the one before is parked where it should be). Every request
     * answers {@code storage_unavailable}, and each within the connection wait: a queued request that
     * gets its turn late waits in the pool only what is left of it, not the pool's whole timeout (the
     * connection wait too, as the server configures it) on top.
     */
    @Test
    void withTheDatabaseAwayEveryRequestAnswersStorageUnavailableWithinTheConnectionWait() throws Exception {
        Duration wait = Duration.ofSeconds(1);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/nothing");
        config.setUsername("postgres");
        config.setMaximumPoolSize(CONNECTIONS);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(wait.toMillis());
        config.setInitializationFailTimeout(-1); // the pool starts while the database is away
        try (HikariDataSource away = new HikariDataSource(config)) {
            StoragePorts unreachable = new PostgresStorage(
                    away, Clock.systemUTC(), StorageSettings.defaults().withConnectionWait(wait));
            TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
            Callable<Long> read = () -> {
                long start = System.nanoTime();
                try {
                    unreachable.stackQueries().find(tenant, Slug.of("web"));
                    throw new AssertionError("a read on an unreachable database answered");
                } catch (DomainException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                    return System.nanoTime() - start;
                }
            };
            List<FutureTask<Long>> requests = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                FutureTask<Long> inPool = started("in the pool " + i, read);
                awaitParkedIn(inPool, "com.zaxxer.hikari.pool.HikariPool", "getConnection");
                requests.add(inPool);
            }
            for (int i = 0; i < 2 * CONNECTIONS; i++) {
                FutureTask<Long> queued = started("queued " + i, read);
                awaitQueued(queued);
                requests.add(queued);
            }
            for (FutureTask<Long> request : requests) {
                assertThat(Duration.ofNanos(request.get(20, TimeUnit.SECONDS)))
                        .as(
                                "time to storage_unavailable; the bound is %s, a turn and then the pool's whole timeout"
                                        + " would be twice that",
                                wait)
                        .isLessThan(wait.plus(wait.dividedBy(2)));
            }
        }
    }

    @Test
    void aMeterThatFailsDoesNotKeepTheTurn() {
        AtomicInteger failures = new AtomicInteger();
        LockWaits failing = (kind, waited, granted) -> {
            if (kind == LockWaits.Kind.CONNECTION && failures.incrementAndGet() <= CONNECTIONS) {
                throw new IllegalStateException("meter down");
            }
        };
        StoragePorts metered = new PostgresStorage(
                pool, Clock.systemUTC(), StorageSettings.defaults().withConnectionWait(CONNECTION_WAIT), failing);
        assertEveryTurnComesBack(metered, "meter down");
    }

    @Test
    void aConnectionThatFailsWhileHandedBackDoesNotKeepTheTurn() {
        AtomicInteger failures = new AtomicInteger();
        StoragePorts faulty = new PostgresStorage(
                failingOnReset(pool, failures),
                Clock.systemUTC(),
                StorageSettings.defaults().withConnectionWait(CONNECTION_WAIT),
                LockWaits.NONE);
        assertEveryTurnComesBack(faulty, "driver fault while handing back");
    }

    /**
     * One read per pooled connection fails with {@code failure}; the read after them still gets a
     * connection, so none of the failures kept its turn.
     */
    private static void assertEveryTurnComesBack(StoragePorts storage, String failure) {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
        for (int i = 0; i < CONNECTIONS; i++) {
            assertThatThrownBy(() -> storage.stackQueries().find(tenant, Slug.of("web")))
                    .hasMessage(failure);
        }
        assertThat(storage.stackQueries().find(tenant, Slug.of("web")))
                .as("every turn came back: the read after the failures gets a connection")
                .isEmpty();
    }

    /**
     * {@code pool}, whose first {@link #CONNECTIONS} connections fail unchecked when reset to
     * autocommit on their way back (after closing themselves, so the pool loses nothing).
     */
    private static DataSource failingOnReset(DataSource pool, AtomicInteger failures) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (ds, method, args) -> {
                    Object result = invoke(method, pool, args);
                    if (!method.getName().equals("getConnection") || failures.incrementAndGet() > CONNECTIONS) {
                        return result;
                    }
                    Connection real = (Connection) result;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, m, a) -> {
                                Object answer = invoke(m, real, a);
                                if (m.getName().equals("setAutoCommit") && Boolean.TRUE.equals(a[0])) {
                                    real.close();
                                    throw new IllegalStateException("driver fault while handing back");
                                }
                                return answer;
                            });
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A second client that holds the stack's row lock until it rolls back. */
    private Connection lockStack(TenantId tenant) throws SQLException {
        Connection holder = fixture.database().connect();
        holder.setAutoCommit(false);
        try (PreparedStatement ps =
                holder.prepareStatement("SELECT 1 FROM stacks WHERE tenant_id = ? AND slug = 'web' FOR UPDATE")) {
            ps.setObject(1, tenant.value());
            ps.execute();
        }
        return holder;
    }

    private List<FutureTask<Object>> holdEveryConnection(TenantId tenant, Slug slug) {
        return holdEveryConnection(storage, tenant, slug);
    }

    /** One merge per pooled connection, each holding its connection while it waits for the row lock. */
    private List<FutureTask<Object>> holdEveryConnection(StoragePorts on, TenantId tenant, Slug slug) {
        List<FutureTask<Object>> merges = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            String key = "K" + i;
            merges.add(started("merge " + key, () -> on.tenantWriteLocks()
                    .write(tenant, u -> u.stacks().mergeEnv(tenant, slug, EnvPatch.fromJson(Map.of(key, "1"))))));
        }
        Await.until("every pooled connection waits for the row lock", () -> fixture.lockWaiters(on) == CONNECTIONS);
        return merges;
    }

    private <T> FutureTask<T> started(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        threads.put(task, thread);
        thread.start();
        return task;
    }

    /** Waits until the task's thread is parked in the queue for a connection. */
    private void awaitQueued(FutureTask<?> task) {
        awaitParkedIn(task, PgTransactions.class.getName(), "admit");
    }

    /** Waits until the task's thread is parked with {@code className.method} on its stack. */
    private void awaitParkedIn(FutureTask<?> task, String className, String method) {
        Thread thread = threads.get(task);
        Await.until(
                "the request waits in " + className + "." + method,
                () -> thread.getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(thread.getStackTrace())
                                .anyMatch(f -> f.getClassName().equals(className)
                                        && f.getMethodName().equals(method)));
    }

    private static ErrorCode codeOf(FutureTask<?> task) throws Exception {
        try {
            Object result = task.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected storage_unavailable, got " + result);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DomainException.class);
            return ((DomainException) e.getCause()).code();
        }
    }
}
