package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The tenant-locking port family: how writers, purges and the change logs behave together. Every
 * race here is forced deterministically: a writer parks inside its unit of work on a latch (its
 * shared lock held on its own connection or thread) while the test acts.
 */
public abstract class TenantWriteLocksContract extends ContractSupport {

    @Test
    void writersOfOneTenantNeverBlockEachOther() throws Exception {
        TenantId tenant = newTenant();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = idleWriter(storage, tenant, release);
        String second = storage.tenantWriteLocks().write(tenant, unit -> "second writer ran");
        assertThat(second).isEqualTo("second writer ran");
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void purgeWaitsForAnInFlightWriterThenConflictsAndRemovesNothing() throws Exception {
        StoragePorts s = fixture.storage(StorageSettings.defaults().withPurgeLockTimeout(Duration.ofMillis(300)));
        TenantId tenant = newTenant();
        s.tenantWriteLocks().write(tenant, unit -> {
            unit.deletionLog().record(tenant, DeletionKind.WEBHOOK, "w1");
            return null;
        });
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = idleWriter(s, tenant, release);

        long started = System.nanoTime();
        assertConflict(() -> new PurgeTenantData(s.tenantWriteLocks()).purge(tenant));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(s.changeLogQueries().deletionsAfter(tenant, 0, 10))
                .extracting(DeletionLogEntry::id)
                .containsExactly("w1");
        // and once drained the tenant is writable again
        assertThat(s.tenantWriteLocks().<Boolean>write(tenant, unit -> true)).isTrue();
    }

    @Test
    void queuedPurgeRejectsNewWritesImmediately() throws Exception {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        // the race: a writer holds the shared lock, so the purge queues; the test writes only once the
        // purge is seen queued on the lock
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = idleWriter(storage, tenant, release);
        CompletableFuture<PurgeTenantData.Result> purge = queuedPurge(storage, tenant);

        AtomicBoolean ran = new AtomicBoolean();
        long started = System.nanoTime();
        assertConflict(() -> storage.tenantWriteLocks().write(tenant, unit -> ran.getAndSet(true)));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("fails fast, does not wait")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(ran).isFalse();
        assertThat(storage.tenantWriteLocks().<String>write(other, unit -> "other tenant unaffected"))
                .isEqualTo("other tenant unaffected");

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName()).containsEntry("identities", 0L);
    }

    @Test
    void writesDuringARunningPurgeConflictAndOtherTenantsAreUnaffected() throws Exception {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, tenant, release);
        assertConflict(() -> storage.tenantWriteLocks().write(tenant, unit -> 1));
        assertThat(storage.tenantWriteLocks().<Integer>write(other, unit -> 2)).isEqualTo(2);
        release.countDown();
        purge.get(10, TimeUnit.SECONDS);
        assertThat(storage.tenantWriteLocks().<Integer>write(tenant, unit -> 3)).isEqualTo(3);
    }

    @Test
    void multiTenantWriteIsAllOrNothingWhenOneTenantIsBeingPurged() throws Exception {
        TenantId a = newTenant();
        TenantId b = newTenant();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, b, release);
        AtomicBoolean ran = new AtomicBoolean();
        assertConflict(() -> storage.tenantWriteLocks().write(List.of(b, a), unit -> {
            unit.deletionLog().record(a, DeletionKind.WEBHOOK, "x");
            ran.set(true);
            return null;
        }));
        assertThat(ran).isFalse();
        release.countDown();
        purge.get(10, TimeUnit.SECONDS);
        assertThat(storage.changeLogQueries().deletionsAfter(a, 0, 10)).isEmpty();
        assertThat(storage.tenantWriteLocks().<String>write(List.of(a, b), unit -> "both"))
                .isEqualTo("both");
    }

    @Test
    void aUnitThatFailsPartWayLeavesNoLogEntries() {
        TenantId tenant = newTenant();
        assertThatThrownBy(() -> storage.tenantWriteLocks().write(tenant, unit -> {
                    unit.deletionLog().record(tenant, DeletionKind.SESSION, "s1");
                    unit.auditLog().record(tenant, AuditAction.IDENTITY_DELETE, "i1", Map.of());
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        assertThat(storage.changeLogQueries().deletionsAfter(tenant, 0, 10)).isEmpty();
        assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 10)).isEmpty();
    }

    @Test
    void purgeEmptiesTheLogsThenRecordsOneTenantEntryAndOneAuditEvent() {
        TenantId tenant = newTenant();
        storage.tenantWriteLocks().write(tenant, unit -> {
            unit.deletionLog().recordAll(tenant, DeletionKind.SESSION, List.of("s1", "s2"));
            unit.auditLog().record(tenant, AuditAction.IDENTITY_DELETE, "i1", Map.of("why", "test"));
            return null;
        });
        long lastBefore =
                storage.changeLogQueries().deletionsAfter(tenant, 0, 10).get(1).seq();

        PurgeTenantData.Result result = new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant);

        List<DeletionLogEntry> deletions = storage.changeLogQueries().deletionsAfter(tenant, 0, 10);
        assertThat(deletions).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeletionKind.TENANT);
            assertThat(e.id()).isEqualTo(tenant.value());
            assertThat(e.seq()).as("seq keeps increasing across a purge").isGreaterThan(lastBefore);
        });
        List<AuditEvent> audit = storage.changeLogQueries().auditEventsAfter(tenant, 0, 10);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.TENANT_PURGE);
            assertThat(e.details())
                    .containsKeys("identities", "ratelimits", "sessions", "feedbackRecords", "webhooks", "stacks");
        });
        assertThat(result.byWireName())
                .containsOnlyKeys("identities", "ratelimits", "sessions", "feedbackRecords", "webhooks", "stacks");
    }

    @Test
    void logSequenceIsStrictlyIncreasingAndCompleteUnderConcurrentWriters() {
        TenantId tenant = newTenant();
        int threads = 16;
        int perThread = 25;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    storage.tenantWriteLocks().write(tenant, unit -> {
                        unit.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, thread + "-" + n);
                        unit.auditLog().record(tenant, AuditAction.IDENTITY_UPDATE, thread + "-" + n, Map.of("n", n));
                        return null;
                    });
                }
                return null;
            });
        }
        assertNoUnexpected(runTogether(tasks));

        ReadChangeLogs read = new ReadChangeLogs(storage.changeLogQueries());
        List<DeletionLogEntry> all = new ArrayList<>();
        long after = 0;
        while (true) {
            ReadChangeLogs.Deletions page = read.deletions(tenant, after, 100);
            if (page.items().isEmpty()) {
                break;
            }
            all.addAll(page.items());
            after = page.nextSeq();
        }
        assertThat(all).hasSize(threads * perThread);
        assertThat(all).extracting(DeletionLogEntry::id).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).seq()).isGreaterThan(all.get(i - 1).seq());
        }
        assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 100)).hasSize(100);
    }
}
