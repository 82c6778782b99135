package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.DeleteFeedbackRecord;
import dev.lockstep.application.feedback.DeleteUserFeedbackRecords;
import dev.lockstep.application.feedback.GetFeedbackRecord;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.application.webhook.DeleteWebhook;
import dev.lockstep.application.webhook.GetWebhook;
import dev.lockstep.application.webhook.UpdateWebhook;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The purge against real tenant-owned rows, on one storage adapter. Races are forced with latches:
 * a writer parks inside its unit of work (lock held on its own thread/connection), or a purge parks
 * inside its exclusive unit, while the test acts. The stress case then lets them all loose.
 */
public abstract class PurgeContract extends TenantDataContractSupport {

    /**
     * Holds {@code tenant}'s shared write lock the way a writer of <i>another server instance</i>
     * would — on PostgreSQL from a connection of its own outside this storage object, in memory from
     * another thread — until the returned handle is closed.
     */
    protected abstract AutoCloseable holdWriterOfAnotherInstance(StoragePorts s, TenantId tenant) throws Exception;

    private PurgeTenantData purge(StoragePorts s) {
        return new PurgeTenantData(s.tenantWriteLocks());
    }

    private List<FeedbackRecord> records(StoragePorts s, TenantId tenant) {
        return s.feedbackRecordQueries().list(tenant, PageRequest.first(100)).items();
    }

    private List<Webhook> webhooks(StoragePorts s, TenantId tenant) {
        return s.webhookQueries().list(tenant, PageRequest.first(100)).items();
    }

    @Test
    void purgeRemovesEveryRecordAndWebhookOfTheTenantAndAnswersTheCounts() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        String u = "user-" + UUID.randomUUID();
        FeedbackRecord deleted = createRecord(tenant, u);
        new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(tenant, deleted.id());
        createRecord(tenant, u);
        createRecord(tenant, null);
        createWebhook(storage, tenant);
        FeedbackRecord survivor = createRecord(other, u);
        Webhook otherHook = createWebhook(storage, other);

        PurgeTenantData.Result result = purge(storage).purge(tenant);

        assertThat(result.byWireName())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "identities",
                        0L,
                        "ratelimits",
                        0L,
                        "sessions",
                        0L,
                        "feedbackRecords",
                        2L,
                        "webhooks",
                        1L,
                        "stacks",
                        0L));
        assertThat(records(storage, tenant)).isEmpty();
        assertThat(webhooks(storage, tenant)).isEmpty();
        assertThat(allDeletions(storage, tenant))
                .extracting(DeletionLogEntry::kind)
                .containsExactly(DeletionKind.TENANT);
        assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 10))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.TENANT_PURGE);
                    assertThat(e.details()).containsEntry("feedbackRecords", 2L).containsEntry("webhooks", 1L);
                });
        assertThat(new GetFeedbackRecord(storage.feedbackRecordQueries()).get(other, survivor.id()))
                .isEqualTo(survivor);
        assertThat(new GetWebhook(storage.webhookQueries()).get(other, otherHook.id()))
                .isEqualTo(otherHook);
        assertThat(storage.feedbackRecordQueries().tenantsHoldingRecordsOf(UserId.of(u)))
                .containsExactly(other);
    }

    @Test
    void purgeWaitsForAnInFlightWriterThenConflictsAndRemovesNothing() throws Exception {
        StoragePorts s = fixture.storage(StorageSettings.defaults().withPurgeLockTimeout(Duration.ofMillis(300)));
        TenantId tenant = newTenant();
        FeedbackRecord before = createRecord(s, tenant, null);
        // the race: a writer creates a record inside its unit and parks there, its lock held, while the
        // purge waits for it to drain
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<FeedbackRecord> writer =
                inFlightWriter(s, tenant, unit -> unit.feedbackRecords().create(newRecord(tenant, null)), release);

        long started = System.nanoTime();
        assertConflict(() -> purge(s).purge(tenant));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

        release.countDown();
        FeedbackRecord written = writer.get(10, TimeUnit.SECONDS);
        assertThat(records(s, tenant)).extracting(FeedbackRecord::id).containsExactly(before.id(), written.id());
        assertThat(allDeletions(s, tenant)).isEmpty();
    }

    @Test
    void purgeWaitsForAWriterThatFinishesInTimeThenRemovesItsRow() throws Exception {
        TenantId tenant = newTenant();
        // the race: the writer parks inside its unit; the purge is seen queued behind it; then the
        // writer commits
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<FeedbackRecord> writer =
                inFlightWriter(storage, tenant, unit -> unit.feedbackRecords().create(newRecord(tenant, "u")), release);
        CompletableFuture<PurgeTenantData.Result> purge = queuedPurge(storage, tenant);
        assertThat(purge).isNotDone();

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName()).containsEntry("feedbackRecords", 1L);
        assertThat(records(storage, tenant)).isEmpty();
    }

    @Test
    void aWriterAlreadyInsideItsUnitKeepsWritingWhileAPurgeIsQueuedAndThePurgeTakesItsRows() throws Exception {
        TenantId tenant = newTenant();
        // the race: the writer takes the tenant lock, the purge is seen queued behind it, and only then
        // does the writer create its rows (through its own unit, which holds the lock already, so the
        // queued purge must not refuse it)
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch purgeQueued = new CountDownLatch(1);
        CompletableFuture<List<FeedbackRecord>> writer =
                CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks().write(tenant, unit -> {
                    locked.countDown();
                    await(purgeQueued);
                    FeedbackRecord r = unit.feedbackRecords().create(newRecord(tenant, null));
                    Webhook w = unit.webhooks().create(newWebhook(tenant));
                    assertThat(w.tenantId()).isEqualTo(tenant);
                    return List.of(r);
                }));
        awaitOrFail(locked, writer);
        CompletableFuture<PurgeTenantData.Result> purge = queuedPurge(storage, tenant);
        assertConflict(() -> createRecord(tenant, null));
        purgeQueued.countDown();

        assertThat(writer.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName())
                .containsEntry("feedbackRecords", 1L)
                .containsEntry("webhooks", 1L);
        assertThat(records(storage, tenant)).isEmpty();
    }

    @Test
    void purgeWaitsForAWriterOfAnotherInstanceAndNewWritesFailWhileItIsQueued() throws Exception {
        StoragePorts s = fixture.storage(StorageSettings.defaults().withPurgeLockTimeout(Duration.ofSeconds(5)));
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        createRecord(s, tenant, null);
        CompletableFuture<PurgeTenantData.Result> purge;
        try (AutoCloseable elsewhere = holdWriterOfAnotherInstance(s, tenant)) {
            // the race: the other instance's writer holds the tenant, the purge is seen queued behind
            // it, and only then does the test write
            purge = queuedPurge(s, tenant);

            long started = System.nanoTime();
            assertConflict(() -> createRecord(s, tenant, null));
            assertConflict(() -> createWebhook(s, tenant));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("fails fast")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(createRecord(s, other, null).tenantId()).isEqualTo(other);
            assertThat(purge).isNotDone();
        }
        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName()).containsEntry("feedbackRecords", 1L);
        assertThat(records(s, tenant)).isEmpty();
        assertThat(records(s, other)).hasSize(1);
    }

    @Test
    void newWritesFailAtOnceWhileAPurgeIsQueuedAndOtherTenantsAreUnaffected() throws Exception {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        String u = "user-" + UUID.randomUUID();
        FeedbackRecord existing = createRecord(tenant, u);
        Webhook hook = createWebhook(storage, tenant);
        // the race: a writer holds the tenant, so the purge stays queued (seen on the lock) while the
        // test writes
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = idleWriter(storage, tenant, release);
        CompletableFuture<PurgeTenantData.Result> purge = queuedPurge(storage, tenant);

        assertConflict(() -> createRecord(tenant, null));
        assertConflict(() -> new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, existing.id(), payload("n", 2)));
        assertConflict(() -> new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(tenant, existing.id()));
        assertConflict(() -> new DeleteWebhook(storage.tenantWriteLocks()).delete(tenant, hook.id()));
        assertConflict(() -> new DeleteUserFeedbackRecords(storage.feedbackRecordQueries(), storage.tenantWriteLocks())
                .delete(UserId.of(u)));
        assertThat(createRecord(other, u).tenantId()).isEqualTo(other);
        assertThat(createWebhook(storage, other).tenantId()).isEqualTo(other);

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName())
                .containsEntry("feedbackRecords", 1L)
                .containsEntry("webhooks", 1L);
        assertThat(records(storage, other)).hasSize(1);
        assertThat(webhooks(storage, other)).hasSize(1);
    }

    @Test
    void everyWriteDuringARunningPurgeConflictsAndLeavesNoTrace() throws Exception {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        FeedbackRecord existing = createRecord(tenant, "u");
        Webhook hook = createWebhook(storage, tenant);
        Webhook otherHook = createWebhook(storage, other);
        // the race: the purge parks inside its exclusive unit while the test writes
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, tenant, release);

        assertConflict(() -> createRecord(tenant, "u"));
        assertConflict(() -> createWebhook(storage, tenant));
        assertConflict(() -> new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, existing.id(), payload("n", 2)));
        assertConflict(() -> new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(tenant, existing.id()));
        assertConflict(() -> new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, hook.id(), new WebhookChange(null, null, false, null)));
        assertConflict(() -> new DeleteWebhook(storage.tenantWriteLocks()).delete(tenant, hook.id()));
        assertThat(new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                        .update(other, otherHook.id(), new WebhookChange(null, null, false, null))
                        .enabled())
                .isFalse();

        release.countDown();
        purge.get(10, TimeUnit.SECONDS);
        assertThat(records(storage, tenant)).containsExactly(existing);
        assertThat(webhooks(storage, tenant)).containsExactly(hook);
        assertThat(allDeletions(storage, tenant)).isEmpty();
    }

    @Test
    void aWebhookCannotMoveIntoOrOutOfATenantBeingPurged() throws Exception {
        TenantId a = newTenant();
        TenantId purged = newTenant();
        Webhook inA = createWebhook(storage, a);
        Webhook inPurged = createWebhook(storage, purged);
        // the race: the purge of one side parks inside its exclusive unit while the moves are tried
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, purged, release);

        assertConflict(() -> new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(a, inA.id(), new WebhookChange(null, null, null, purged)));
        assertConflict(() -> new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(purged, inPurged.id(), new WebhookChange(null, null, null, a)));

        release.countDown();
        purge.get(10, TimeUnit.SECONDS);
        assertThat(webhooks(storage, a)).containsExactly(inA);
        assertThat(webhooks(storage, purged)).containsExactly(inPurged);
        assertThat(storage.changeLogQueries().auditEventsAfter(a, 0, 10)).isEmpty();
        assertThat(storage.changeLogQueries().auditEventsAfter(purged, 0, 10)).isEmpty();
    }

    @Test
    void aWebhookMovedIntoATenantIsPurgedWithItAndTheSourceKeepsItsAuditEvent() {
        TenantId a = newTenant();
        TenantId b = newTenant();
        Webhook w = createWebhook(storage, a);
        new UpdateWebhook(storage.tenantWriteLocks(), CLOCK).update(a, w.id(), new WebhookChange(null, null, null, b));

        assertThat(purge(storage).purge(b).byWireName()).containsEntry("webhooks", 1L);

        assertCode(ErrorCode.NOT_FOUND, () -> new GetWebhook(storage.webhookQueries()).get(b, w.id()));
        assertCode(ErrorCode.NOT_FOUND, () -> new GetWebhook(storage.webhookQueries()).get(a, w.id()));
        assertThat(storage.changeLogQueries().auditEventsAfter(a, 0, 10))
                .extracting(AuditEvent::action)
                .containsExactly(AuditAction.WEBHOOK_MOVE);
        assertThat(storage.changeLogQueries().auditEventsAfter(b, 0, 10))
                .extracting(AuditEvent::action)
                .containsExactly(AuditAction.TENANT_PURGE);
    }

    // --- stress --------------------------------------------------------------------------------

    /** What one worker saw happen to one of its records, in ticks of one shared logical clock. */
    private static final class Tracked {
        final TenantId tenant;
        final UUID id;
        /** Ticks before the create was sent and after it was acknowledged. */
        final long createStartTick;

        final long createdTick;
        volatile long lastPayload = 0;
        volatile long deleteStartTick = -1;
        volatile long deletedTick = -1;

        Tracked(TenantId tenant, UUID id, long createStartTick, long createdTick) {
            this.tenant = tenant;
            this.id = id;
            this.createStartTick = createStartTick;
            this.createdTick = createdTick;
        }
    }

    /**
     * ≥ 16 writers (create / update / delete of their own records) on four tenants while two purgers
     * purge three of them in a loop; then the invariants of API.md must hold. Ticks of one logical
     * clock order "sent" and "acknowledged" against "purge started / answered": a write acknowledged
     * before a successful purge started must be gone; a write sent after the last successful purge
     * answered must stand; writes overlapping a purge may go either way (as in any linearizable store).
     */
    @Test
    void stressWritersAndPurgesKeepEveryInvariant() {
        List<TenantId> tenants = List.of(newTenant(), newTenant(), newTenant(), newTenant());
        List<TenantId> purgeable = tenants.subList(0, 3);
        AtomicLong clock = new AtomicLong();
        Map<UUID, Tracked> tracked = new ConcurrentHashMap<>();
        // per tenant: start tick of the last purge that answered, and the tick of its answer
        Map<TenantId, long[]> lastPurge = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        int writers = 16;
        AtomicLong refused = new AtomicLong();

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            tasks.add(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                List<Tracked> mine = new ArrayList<>();
                int ops = 0;
                while (System.nanoTime() < deadline) {
                    ops++;
                    TenantId tenant = tenants.get(rnd.nextInt(tenants.size()));
                    TenantId target = tenant;
                    int op = rnd.nextInt(10);
                    try {
                        if (op < 5 || mine.isEmpty()) {
                            long start = clock.incrementAndGet();
                            FeedbackRecord r = new CreateFeedbackRecord(
                                            storage.feedbackRecordGatedCreate(), storage.tenantWriteLocks(), IDS, CLOCK)
                                    .create(tenant, UserId.of("stress-" + tenants.get(0)), payload("v", 0));
                            Tracked t = new Tracked(tenant, r.id(), start, clock.incrementAndGet());
                            tracked.put(r.id(), t);
                            mine.add(t);
                        } else if (op < 8) {
                            Tracked t = mine.get(rnd.nextInt(mine.size()));
                            target = t.tenant;
                            long v = t.lastPayload + 1;
                            new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                                    .update(t.tenant, t.id, payload("v", v));
                            t.lastPayload = v;
                        } else {
                            Tracked t = mine.remove(rnd.nextInt(mine.size()));
                            target = t.tenant;
                            long start = clock.incrementAndGet();
                            new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(t.tenant, t.id);
                            t.deleteStartTick = start;
                            t.deletedTick = clock.incrementAndGet();
                        }
                    } catch (DomainException e) {
                        // not found only where a purge can have taken the worker's own record
                        boolean expected = e.code() == ErrorCode.TENANT_WRITE_CONFLICT
                                || (e.code() == ErrorCode.NOT_FOUND && purgeable.contains(target));
                        if (!expected) {
                            throw e;
                        }
                        refused.incrementAndGet();
                    }
                }
                return ops;
            });
        }
        for (int p = 0; p < 2; p++) {
            tasks.add(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int purges = 0;
                while (System.nanoTime() < deadline) {
                    TenantId tenant = purgeable.get(rnd.nextInt(purgeable.size()));
                    long started = clock.incrementAndGet();
                    try {
                        purge(storage).purge(tenant);
                        long answered = clock.incrementAndGet();
                        purges++;
                        lastPurge.merge(
                                tenant, new long[] {started, answered}, (old, now) -> now[1] > old[1] ? now : old);
                    } catch (DomainException e) {
                        if (e.code() != ErrorCode.TENANT_WRITE_CONFLICT) {
                            throw e;
                        }
                    }
                    sleep(Duration.ofMillis(rnd.nextInt(5, 30)));
                }
                return purges;
            });
        }
        var outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes);
        int purges = outcomes.subList(writers, writers + 2).stream()
                .mapToInt(Outcome::value)
                .sum();
        int ops = outcomes.subList(0, writers).stream().mapToInt(Outcome::value).sum();
        System.out.printf(
                "stress on %s: %d writes tried (%d refused: conflict/not found), %d purges, %d rows tracked%n",
                fixture.name(), ops, refused.get(), purges, tracked.size());
        assertThat(purges).as("purges that succeeded").isPositive();
        assertThat(ops).as("writes tried").isGreaterThan(writers * 5);

        Map<UUID, FeedbackRecord> present = new HashMap<>();
        for (TenantId t : tenants) {
            String cursor = null;
            do {
                var page = storage.feedbackRecordQueries().list(t, new PageRequest(100, cursor));
                page.items().forEach(r -> present.put(r.id(), r));
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        for (Tracked t : tracked.values()) {
            long[] purge = lastPurge.get(t.tenant);
            FeedbackRecord row = present.get(t.id);
            if (purge != null && t.createdTick < purge[0]) {
                assertThat(row)
                        .as("a row acknowledged before the last successful purge of its tenant started")
                        .isNull();
            }
            // sent after the last purge answered: not concurrent with any successful purge, so it must stand
            // (a create sent earlier may commit before the purge and be acknowledged after its answer)
            boolean afterLastPurge = purge == null || t.createStartTick > purge[1];
            if (afterLastPurge && t.deletedTick < 0) {
                assertThat(row)
                        .as("an acknowledged create after the tenant's last purge answered")
                        .isNotNull();
                assertThat(row.payload().value())
                        .as("its last acknowledged update")
                        .containsEntry("v", t.lastPayload);
            }
            if (t.deletedTick >= 0) {
                assertThat(row).as("an acknowledged delete").isNull();
            }
        }
        // plain set arithmetic: in memory the stress makes ~10^5 rows, and AssertJ's iterable
        // assertions compare element by element (quadratic), which took minutes
        Set<UUID> unacknowledged = new HashSet<>(present.keySet());
        unacknowledged.removeAll(tracked.keySet());
        assertThat(unacknowledged).as("no row nobody acknowledged").isEmpty();

        for (TenantId tenant : tenants) {
            List<DeletionLogEntry> log = allDeletions(storage, tenant);
            for (int i = 1; i < log.size(); i++) {
                assertThat(log.get(i).seq()).isGreaterThan(log.get(i - 1).seq());
            }
            List<String> recordIdList = log.stream()
                    .filter(e -> e.kind() == DeletionKind.FEEDBACK_RECORD)
                    .map(DeletionLogEntry::id)
                    .toList();
            Set<String> recordIds = new HashSet<>(recordIdList);
            assertThat(recordIds.size())
                    .as("deletion log exactly once: no id twice")
                    .isEqualTo(recordIdList.size());
            Set<String> deletedHere = new HashSet<>();
            for (Tracked t : tracked.values()) {
                if (t.tenant.equals(tenant) && t.deletedTick >= 0) {
                    deletedHere.add(t.id.toString());
                    long[] purge = lastPurge.get(tenant);
                    if (purge == null || t.deleteStartTick > purge[1]) {
                        assertThat(recordIds.contains(t.id.toString()))
                                .as("an acknowledged delete after the last purge is logged: %s", t.id)
                                .isTrue();
                    }
                }
            }
            Set<String> loggedButNotAcknowledged = new HashSet<>(recordIds);
            loggedButNotAcknowledged.removeAll(deletedHere);
            assertThat(loggedButNotAcknowledged)
                    .as("only acknowledged deletes are logged")
                    .isEmpty();
            if (lastPurge.containsKey(tenant)) {
                assertThat(log.stream().filter(e -> e.kind() == DeletionKind.TENANT))
                        .as("one tenant entry since the last purge")
                        .hasSize(1);
                assertThat(log.get(0).kind()).isEqualTo(DeletionKind.TENANT);
            } else {
                assertThat(log.stream().filter(e -> e.kind() == DeletionKind.TENANT))
                        .isEmpty();
            }
        }
    }
}
