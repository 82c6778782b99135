package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.ChangeEntry;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.UnitWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every contract suite: one {@link StorageFixture} per test class, supplied by the adapter's
 * subclass, plus the helpers race tests share. A new case goes into the contract class, so both
 * adapters get it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContractSupport {

    protected StorageFixture fixture;
    protected StoragePorts storage;

    /** The adapter under test. */
    protected abstract StorageFixture createFixture();

    @BeforeAll
    void openFixture() {
        fixture = createFixture();
        storage = fixture.storage(StorageSettings.defaults());
    }

    @AfterAll
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A tenant no other test uses. */
    protected static TenantId newTenant() {
        return TenantId.of("t-" + UUID.randomUUID());
    }

    /** Waits up to 10 s for {@code condition}; fails the test otherwise ({@link Await#until}). */
    protected static void awaitTrue(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    /**
     * Waits until at least {@code waiters} parties are really queued on a lock of {@code s} ({@link
     * StorageFixture#lockWaiters}): the one way a race test makes sure its race happened before it
     * acts (releases the holder, or asserts that the waiter has not finished).
     */
    protected void awaitLockWaiters(StoragePorts s, int waiters, String who) {
        awaitTrue(
                who + " (" + waiters + " queued on a lock of " + fixture.name() + ")",
                () -> fixture.lockWaiters(s) >= waiters);
    }

    /**
     * Starts a purge of {@code tenant}, which a writer the test parked holds, and returns once the
     * purge is seen queued on the tenant's lock.
     */
    protected CompletableFuture<PurgeTenantData.Result> queuedPurge(StoragePorts s, TenantId tenant) {
        CompletableFuture<PurgeTenantData.Result> purge =
                CompletableFuture.supplyAsync(() -> new PurgeTenantData(s.tenantWriteLocks()).purge(tenant));
        awaitLockWaiters(s, 1, "the purge is queued behind the writer");
        return purge;
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code tasks} on their own threads, released together by one latch, and returns each
     * outcome (a value or the exception it threw) in task order.
     */
    protected static <T> List<Outcome<T>> runTogether(List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(new Outcome<>(f.get(60, TimeUnit.SECONDS), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                }
            }
            return outcomes;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    protected static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                .isEqualTo(code));
    }

    protected static void assertConflict(ThrowingCallable call) {
        assertCode(ErrorCode.TENANT_WRITE_CONFLICT, call);
    }

    /** The code of a domain failure, or {@code null} for any other throwable. */
    protected static ErrorCode codeOf(Throwable t) {
        return t instanceof DomainException d ? d.code() : null;
    }

    /** {@code task} fails (within 10 s) with a domain failure of {@code code}. */
    protected static void assertFailsWith(CompletableFuture<?> task, ErrorCode code) {
        assertThatThrownBy(() -> task.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(codeOf(e.getCause()))
                        .as(String.valueOf(e.getCause()))
                        .isEqualTo(code));
    }

    /** Every deletion-log entry of the tenant, through the cursor. */
    protected static List<DeletionLogEntry> allDeletions(StoragePorts s, TenantId tenant) {
        return throughCursor(after -> s.changeLogQueries().deletionsAfter(tenant, after, 100), DeletionLogEntry::seq);
    }

    /** Every change-feed entry of the tenant, through the cursor. */
    protected static List<ChangeEntry> allChanges(StoragePorts s, TenantId tenant) {
        return throughCursor(after -> s.changeLogQueries().changesAfter(tenant, after, 100), ChangeEntry::seq);
    }

    /** Every audit event of the tenant, through the cursor. */
    protected static List<AuditEvent> allAuditEvents(StoragePorts s, TenantId tenant) {
        return throughCursor(after -> s.changeLogQueries().auditEventsAfter(tenant, after, 100), AuditEvent::seq);
    }

    private static <E> List<E> throughCursor(LongFunction<List<E>> pageAfter, ToLongFunction<E> seq) {
        List<E> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<E> page = pageAfter.apply(after);
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            after = seq.applyAsLong(page.get(page.size() - 1));
        }
    }
    /**
     * Runs {@code work} in a unit of work holding {@code tenant}'s shared lock on another thread and
     * parks there until {@code release} opens: an in-flight writer with its lock (and, on PostgreSQL,
     * its transaction, connection and any row locks {@code work} took) held. Returns once {@code work}
     * has run; the future completes with its result when the unit has committed.
     */
    protected static <T> CompletableFuture<T> inFlightWriter(
            StoragePorts s, TenantId tenant, UnitWork<TenantUnit, T> work, CountDownLatch release) {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<T> writer =
                CompletableFuture.supplyAsync(() -> s.tenantWriteLocks().write(tenant, unit -> {
                    T result = work.run(unit);
                    holding.countDown();
                    await(release);
                    return result;
                }));
        awaitOrFail(holding, writer);
        return writer;
    }

    /** An in-flight writer of {@code tenant} that writes nothing, holding the shared lock until {@code release}. */
    protected static CompletableFuture<Void> idleWriter(StoragePorts s, TenantId tenant, CountDownLatch release) {
        return inFlightWriter(s, tenant, unit -> null, release);
    }

    /** Starts a purge unit of {@code tenant} that parks, holding the exclusive lock, until {@code release}. */
    protected static CompletableFuture<Void> runningPurge(StoragePorts s, TenantId tenant, CountDownLatch release) {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Void> purge =
                CompletableFuture.runAsync(() -> s.tenantWriteLocks().purge(tenant, unit -> {
                    inside.countDown();
                    await(release);
                    return null;
                }));
        awaitOrFail(inside, purge);
        return purge;
    }

    protected static void awaitOrFail(CountDownLatch latch, CompletableFuture<?> task) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (!latch.await(10, TimeUnit.MILLISECONDS)) {
                if (task.isDone()) {
                    task.join(); // surfaces the failure
                    throw new AssertionError("task ended before reaching its latch");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("task did not reach its latch");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A value or a failure of one concurrent task. */
    public record Outcome<T>(T value, Throwable error) {
        public boolean ok() {
            return error == null;
        }
    }

    protected static void assertNoUnexpected(List<? extends Outcome<?>> outcomes, Class<?>... allowed) {
        for (Outcome<?> o : outcomes) {
            if (o.error() != null) {
                boolean fine = false;
                for (Class<?> c : allowed) {
                    fine |= c.isInstance(o.error());
                }
                assertThat(fine).as("unexpected failure: %s", o.error()).isTrue();
            }
        }
    }
}
