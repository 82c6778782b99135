package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The tenant-locking port family: how writers, purges and the change logs behave together. Every
 * race here is forced deterministically: a writer parks inside its unit of work on a latch (its
 * shared lock held on its own connection or thread) while the test acts.
 */
public abstract class TenantWriteLocksContract extends ContractSupport {

  /** A writer of {@code tenant} holding its shared lock until {@code release} opens. */
  private static CompletableFuture<Void> holdWriter(StoragePorts s, TenantId tenant, CountDownLatch release) {
    return inFlightWriter(s, tenant, () -> {}, release);
  }

  @Test
  void writersOfOneTenantNeverBlockEachOther() throws Exception {
    TenantId tenant = newTenant();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> first = holdWriter(storage, tenant, release);
    String second = storage.tenantWriteLocks().write(tenant, () -> "second writer ran");
    assertThat(second).isEqualTo("second writer ran");
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
  }

  @Test
  void purgeWaitsForAnInFlightWriterThenConflictsAndRemovesNothing() throws Exception {
    StoragePorts s = fixture.storage(StorageSettings.defaults().withPurgeLockTimeout(Duration.ofMillis(300)));
    TenantId tenant = newTenant();
    s.tenantWriteLocks().writeVoid(tenant, () -> s.deletionLog().record(tenant, DeletionKind.WEBHOOK, "w1"));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> writer = holdWriter(s, tenant, release);

    long started = System.nanoTime();
    assertConflict(() -> new PurgeTenantData(s).purge(tenant));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

    release.countDown();
    writer.get(10, TimeUnit.SECONDS);
    assertThat(s.deletionLog().after(tenant, 0, 10)).extracting(DeletionLogEntry::id).containsExactly("w1");
    // and once drained the tenant is writable again
    assertThat(s.tenantWriteLocks().write(tenant, () -> true)).isTrue();
  }

  @Test
  void queuedPurgeRejectsNewWritesImmediately() throws Exception {
    TenantId tenant = newTenant();
    TenantId other = newTenant();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> writer = holdWriter(storage, tenant, release);
    CompletableFuture<PurgeTenantData.Result> purge =
        CompletableFuture.supplyAsync(() -> new PurgeTenantData(storage).purge(tenant));
    awaitTrue("the purge is queued", () -> fixture.purgeQueuedOrRunning(storage, tenant));

    AtomicBoolean ran = new AtomicBoolean();
    long started = System.nanoTime();
    assertConflict(() -> storage.tenantWriteLocks().writeVoid(tenant, () -> ran.set(true)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast, does not wait").isLessThan(Duration.ofSeconds(2));
    assertThat(ran).isFalse();
    assertThat(storage.tenantWriteLocks().write(other, () -> "other tenant unaffected")).isEqualTo("other tenant unaffected");

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
    assertConflict(() -> storage.tenantWriteLocks().write(tenant, () -> 1));
    assertThat(storage.tenantWriteLocks().write(other, () -> 2)).isEqualTo(2);
    release.countDown();
    purge.get(10, TimeUnit.SECONDS);
    assertThat(storage.tenantWriteLocks().write(tenant, () -> 3)).isEqualTo(3);
  }

  @Test
  void multiTenantWriteIsAllOrNothingWhenOneTenantIsBeingPurged() throws Exception {
    TenantId a = newTenant();
    TenantId b = newTenant();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> purge = runningPurge(storage, b, release);
    AtomicBoolean ran = new AtomicBoolean();
    assertConflict(
        () ->
            storage
                .tenantWriteLocks()
                .write(
                    List.of(b, a),
                    () -> {
                      storage.deletionLog().record(a, DeletionKind.WEBHOOK, "x");
                      ran.set(true);
                      return null;
                    }));
    assertThat(ran).isFalse();
    release.countDown();
    purge.get(10, TimeUnit.SECONDS);
    assertThat(storage.deletionLog().after(a, 0, 10)).isEmpty();
    assertThat(storage.tenantWriteLocks().write(List.of(a, b), () -> "both")).isEqualTo("both");
  }

  @Test
  void aUnitThatFailsPartWayLeavesNoLogEntries() {
    TenantId tenant = newTenant();
    assertThatThrownBy(
            () ->
                storage
                    .tenantWriteLocks()
                    .writeVoid(
                        tenant,
                        () -> {
                          storage.deletionLog().record(tenant, DeletionKind.SESSION, "s1");
                          storage.auditLog().record(tenant, AuditLog.IDENTITY_DELETE, "i1", Map.of());
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");
    assertThat(storage.deletionLog().after(tenant, 0, 10)).isEmpty();
    assertThat(storage.auditLog().after(tenant, 0, 10)).isEmpty();
  }

  @Test
  void purgeEmptiesTheLogsThenRecordsOneTenantEntryAndOneAuditEvent() {
    TenantId tenant = newTenant();
    storage
        .tenantWriteLocks()
        .writeVoid(
            tenant,
            () -> {
              storage.deletionLog().recordAll(tenant, DeletionKind.SESSION, List.of("s1", "s2"));
              storage.auditLog().record(tenant, AuditLog.IDENTITY_DELETE, "i1", Map.of("why", "test"));
            });
    long lastBefore = storage.deletionLog().after(tenant, 0, 10).get(1).seq();

    PurgeTenantData.Result result = new PurgeTenantData(storage).purge(tenant);

    List<DeletionLogEntry> deletions = storage.deletionLog().after(tenant, 0, 10);
    assertThat(deletions).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(DeletionKind.TENANT);
      assertThat(e.id()).isEqualTo(tenant.value());
      assertThat(e.seq()).as("seq keeps increasing across a purge").isGreaterThan(lastBefore);
    });
    List<AuditEvent> audit = storage.auditLog().after(tenant, 0, 10);
    assertThat(audit).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(AuditLog.TENANT_PURGE);
      assertThat(e.details()).containsKeys("identities", "ratelimits", "sessions", "feedbackRecords", "webhooks", "stacks");
    });
    assertThat(result.byWireName()).containsOnlyKeys("identities", "ratelimits", "sessions", "feedbackRecords", "webhooks", "stacks");
  }

  @Test
  void logSequenceIsStrictlyIncreasingAndCompleteUnderConcurrentWriters() {
    TenantId tenant = newTenant();
    int threads = 16;
    int perThread = 25;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            for (int i = 0; i < perThread; i++) {
              int n = i;
              storage
                  .tenantWriteLocks()
                  .writeVoid(
                      tenant,
                      () -> {
                        storage.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, thread + "-" + n);
                        storage.auditLog().record(tenant, AuditLog.IDENTITY_UPDATE, thread + "-" + n, Map.of("n", n));
                      });
            }
            return null;
          });
    }
    assertNoUnexpected(runTogether(tasks));

    ReadChangeLogs read = new ReadChangeLogs(storage);
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
    assertThat(storage.auditLog().after(tenant, 0, 100)).hasSize(100);
  }
}
