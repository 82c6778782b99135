package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.DeleteFeedbackRecord;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.RatelimitInput;
import dev.lockstep.application.identity.RevokeSession;
import dev.lockstep.application.identity.UpdateIdentity;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.DeleteStack;
import dev.lockstep.application.stack.MergeStackEnv;
import dev.lockstep.application.stack.TearDownStack;
import dev.lockstep.application.stack.TeardownSettings;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.application.webhook.DeleteWebhook;
import dev.lockstep.application.webhook.UpdateWebhook;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.ChangeEntry;
import dev.lockstep.domain.log.ChangeOp;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How the positions ({@code seq}) of the change feed (with the deletion log) and the audit log are
 * handed out, and what the feed holds for every kind of write: no row or
 * lock is shared by all of a tenant's writes, so two units of one tenant that touch different rows
 * never wait for each other, not even while one of them commits; and yet a reader following {@code
 * nextSeq} never sees a position that a later commit could still precede, so it never skips an
 * entry. The races are forced: a unit is held in the middle of its COMMIT ({@link #holdAuditInsert})
 * or parked on a latch in its work while the other one runs.
 */
public abstract class ChangeLogContract extends ContractSupport {

    /** An insert of log entries held inside its unit's COMMIT; closing the hold lets it go on. */
    public interface HeldLogInsert extends AutoCloseable {
        /** Whether a unit's insert waits on this hold right now. */
        boolean queued();

        @Override
        void close();
    }

    /**
     * Makes the insert of {@code tenant}'s audit events about {@code resourceId} wait, inside the
     * COMMIT of their unit (the unit has numbered its entries by then and not yet committed), until
     * the hold is closed: PostgreSQL a trigger on {@code audit_log} waiting for an advisory lock a
     * connection of the test holds; memory an H2 trigger waiting for a JVM lock the test holds.
     */
    protected abstract HeldLogInsert holdAuditInsert(TenantId tenant, String resourceId) throws Exception;

    private MergeStackEnv merges;

    private EnvMerge patch(TenantId tenant, String slug, String value) {
        if (merges == null) {
            merges = new MergeStackEnv(storage.tenantWriteLocks(), StorageSettings.defaults());
        }
        return merges.merge(tenant, slug, Map.of("K", value));
    }

    private TenantId tenantWithStacks(String... slugs) {
        TenantId tenant = newTenant();
        for (String slug : slugs) {
            new CreateStack(storage.tenantWriteLocks()).create(tenant, slug, Map.of());
        }
        return tenant;
    }

    @Test
    void aPatchOfOneStackCommitsWhileAPatchOfAnotherStackOfTheTenantIsHeldInItsCommit() throws Exception {
        TenantId tenant = tenantWithStacks("a", "b");
        List<AuditEvent> readWhileHeld;
        try (HeldLogInsert hold = holdAuditInsert(tenant, "a")) {
            // the race: the PATCH of stack a has numbered its audit event and waits inside its COMMIT
            CompletableFuture<EnvMerge> patchA = CompletableFuture.supplyAsync(() -> patch(tenant, "a", "1"));
            awaitTrue("the PATCH of stack a waits inside its COMMIT", hold::queued);

            // a PATCH of another stack of the same tenant does not wait for it
            CompletableFuture<EnvMerge> patchB = CompletableFuture.supplyAsync(() -> patch(tenant, "b", "2"));
            awaitTrue("the PATCH of stack b commits while a's commit is held", patchB::isDone);
            assertThat(patchB.join().env()).containsEntry("K", "2");
            assertThat(patchA).isNotDone();
            readWhileHeld = storage.changeLogQueries().auditEventsAfter(tenant, 0, 100);

            hold.close();
            assertThat(patchA.get(10, TimeUnit.SECONDS).env()).containsEntry("K", "1");
        }
        List<AuditEvent> events = allAuditEvents(storage, tenant);
        assertThat(events).extracting(AuditEvent::resourceId).containsExactly("a", "b");
        long seqA = events.get(0).seq();
        // a numbered its event first, so b's lies above it: a reader must not have seen b's while a
        // could still commit below it
        assertThat(readWhileHeld)
                .as("read while the earlier-numbered unit was still committing")
                .allSatisfy(e -> assertThat(e.seq()).isLessThan(seqA));
    }

    @Test
    void aLiveReaderNeverSkipsTheEntryOfAUnitThatCommitsAfterALaterOne() throws Exception {
        TenantId tenant = tenantWithStacks("a", "b");
        ReadChangeLogs read = new ReadChangeLogs(storage.changeLogQueries());
        // unit 1 changes stack a and records its event, then parks before its COMMIT
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> unit1 = inFlightWriter(
                storage,
                tenant,
                unit -> {
                    unit.stacks().mergeEnv(tenant, Slug.of("a"), EnvPatch.fromJson(Map.of("K", "1")));
                    unit.auditLog().record(tenant, AuditAction.STACK_ENV_UPDATE, "a", Map.of());
                    return null;
                },
                release);
        // unit 2, which started after it, commits meanwhile (without waiting for it)
        assertThat(patch(tenant, "b", "2").env()).containsEntry("K", "2");

        // a live reader reads now, and goes on from its cursor once unit 1 has committed
        ReadChangeLogs.AuditEvents first = read.auditEvents(tenant, 0, 100);
        release.countDown();
        unit1.get(10, TimeUnit.SECONDS);
        List<AuditEvent> rest = new ArrayList<>();
        long after = first.nextSeq();
        for (ReadChangeLogs.AuditEvents page = read.auditEvents(tenant, after, 100);
                !page.items().isEmpty();
                page = read.auditEvents(tenant, page.nextSeq(), 100)) {
            rest.addAll(page.items());
        }

        List<AuditEvent> seen = new ArrayList<>(first.items());
        seen.addAll(rest);
        assertThat(seen)
                .as("every entry exactly once through the cursor, whichever commit came first")
                .extracting(AuditEvent::resourceId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(seen).extracting(AuditEvent::seq).isSorted().doesNotHaveDuplicates();
        // and the first page had nothing that unit 1's entry comes after
        long seq1 = seen.stream()
                .filter(e -> e.resourceId().equals("a"))
                .findFirst()
                .orElseThrow()
                .seq();
        assertThat(first.items()).allSatisfy(e -> assertThat(e.seq()).isLessThan(seq1));
        assertThat(allAuditEvents(storage, tenant)).isEqualTo(seen);
    }

    @Test
    void aUnitWithTensOfThousandsOfEntriesGetsEachOnceInOrderOnOneSequenceForBothLogs() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        int deletions = 70_000;
        int audits = 70_000;
        List<String> ids = IntStream.range(0, deletions).mapToObj(i -> "s" + i).toList();
        storage.tenantWriteLocks().write(List.of(tenant, other), unit -> {
            unit.deletionLog().recordAll(tenant, DeletionKind.SESSION, ids);
            for (int i = 0; i < audits; i++) {
                unit.auditLog().record(tenant, AuditAction.IDENTITY_UPDATE, "i" + i, Map.of("n", (long) i));
            }
            unit.deletionLog().record(other, DeletionKind.WEBHOOK, "w");
            return null;
        });
        // a later unit of the tenant comes after all of them
        storage.tenantWriteLocks().write(tenant, unit -> {
            unit.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, "after");
            return null;
        });

        List<DeletionLogEntry> log = allDeletions(storage, tenant);
        assertThat(log).hasSize(deletions + 1);
        assertThat(log.subList(0, deletions)).extracting(DeletionLogEntry::id).isEqualTo(ids);
        assertThat(log.get(deletions).id()).isEqualTo("after");
        assertThat(log).extracting(DeletionLogEntry::seq).isSorted().doesNotHaveDuplicates();

        List<AuditEvent> audit = allAuditEvents(storage, tenant);
        assertThat(audit).hasSize(audits);
        for (int i = 0; i < audits; i++) {
            assertThat(audit.get(i).resourceId()).isEqualTo("i" + i);
            assertThat(audit.get(i).details()).containsEntry("n", (long) i);
        }
        assertThat(audit).extracting(AuditEvent::seq).isSorted().doesNotHaveDuplicates();
        Set<Long> positions = new HashSet<>();
        log.forEach(e -> positions.add(e.seq()));
        audit.forEach(e -> positions.add(e.seq()));
        assertThat(positions).as("one sequence for both logs").hasSize(deletions + 1 + audits);

        assertThat(allDeletions(storage, other))
                .extracting(DeletionLogEntry::id)
                .containsExactly("w");
    }

    // ---- the change feed: every write kind, on the same sequence and with the same reader rule ----

    private static final Clock CLOCK = Clock.systemUTC();

    /** The feed's entries as {@code kind op id} lines, for whole-sequence assertions. */
    private static List<String> lines(List<ChangeEntry> entries) {
        return entries.stream()
                .map(e -> e.kind().wireName() + " " + e.op().wireName() + " " + e.id())
                .toList();
    }

    private List<ChangeEntry> changesAfter(TenantId tenant, long after) {
        return allChanges(storage, tenant).stream().filter(e -> e.seq() > after).toList();
    }

    /**
     * The tenant's entries after {@code after} once at least {@code count} are readable. The test's
     * writes have committed, but a reader may briefly be held below them by a transaction of another
     * test class that it cannot place (the reader rule: waiting is always safe), so the read waits
     * for them rather than racing that.
     */
    private List<ChangeEntry> changesAfter(TenantId tenant, long after, int count) {
        awaitTrue(count + " entries readable", () -> changesAfter(tenant, after).size() >= count);
        return changesAfter(tenant, after);
    }

    private List<ChangeEntry> settledChanges(TenantId tenant, int count) {
        return changesAfter(tenant, 0, count);
    }

    private static long lastSeq(List<ChangeEntry> entries) {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    }

    @Test
    void everyWriteOfIdentitiesRatelimitsAndSessionsLeavesExactlyItsEntries() {
        TenantId tenant = newTenant();
        TenantWriteLocks locks = storage.tenantWriteLocks();
        UuidIdGenerator ids = new UuidIdGenerator();

        Identity created = new CreateIdentity(locks, ids, CLOCK)
                .create(
                        tenant,
                        new CreateIdentity.Command(
                                "ext-1",
                                Map.of("plan", "pro"),
                                List.of(
                                        new RatelimitInput("api", 10L, 1000L, true),
                                        new RatelimitInput("login", 5L, 60_000L, false))));
        Ratelimit api = created.ratelimits().get(0);
        Ratelimit login = created.ratelimits().get(1);
        List<ChangeEntry> afterCreate = settledChanges(tenant, 3);
        assertThat(lines(afterCreate))
                .containsExactly(
                        "identity upsert " + created.id(),
                        "ratelimit upsert " + api.id(),
                        "ratelimit upsert " + login.id());
        assertThat(afterCreate.get(0).row()).isEqualTo(ChangeRows.identity(created));
        assertThat(afterCreate.get(0).row().members())
                .containsEntry("externalId", "ext-1")
                .containsEntry("createdAt", created.createdAt().toString());
        assertThat(afterCreate.get(1).row().members())
                .containsEntry("identityId", created.id().toString())
                .containsEntry("name", "api")
                .containsEntry("limit", 10L)
                .containsEntry("durationMs", 1000L)
                .containsEntry("autoApply", true);

        // the PATCH keeps api as it is, changes login, removes nothing yet, adds burst
        long mark = lastSeq(afterCreate);
        Identity updated = new UpdateIdentity(locks, ids, CLOCK)
                .update(
                        tenant,
                        created.id().toString(),
                        new UpdateIdentity.Command(
                                null,
                                List.of(
                                        new RatelimitInput("api", 10L, 1000L, true),
                                        new RatelimitInput("burst", 100L, 1000L, false),
                                        new RatelimitInput("login", 7L, 60_000L, false))));
        Ratelimit burst = updated.ratelimits().stream()
                .filter(r -> r.name().equals("burst"))
                .findFirst()
                .orElseThrow();
        List<ChangeEntry> afterUpdate = changesAfter(tenant, mark, 3);
        assertThat(lines(afterUpdate))
                .as("the identity, then each ratelimit row that changed; none for the unchanged one")
                .containsExactly(
                        "identity upsert " + created.id(),
                        "ratelimit upsert " + burst.id(),
                        "ratelimit upsert " + login.id());
        assertThat(afterUpdate.get(0).row()).isEqualTo(ChangeRows.identity(updated));
        assertThat(afterUpdate.get(2).row().members()).containsEntry("limit", 7L);

        // a PATCH that drops login: the identity's upsert and login's delete
        mark = lastSeq(afterUpdate);
        new UpdateIdentity(locks, ids, CLOCK)
                .update(
                        tenant,
                        "ext-1",
                        new UpdateIdentity.Command(
                                null,
                                List.of(
                                        new RatelimitInput("api", 10L, 1000L, true),
                                        new RatelimitInput("burst", 100L, 1000L, false))));
        List<ChangeEntry> afterDrop = changesAfter(tenant, mark, 2);
        assertThat(lines(afterDrop))
                .containsExactlyInAnyOrder("identity upsert " + created.id(), "ratelimit delete " + login.id());

        // sessions: a create is an upsert without its token; a revoke is the deletion
        mark = lastSeq(afterDrop);
        CreateSession.Created session = new CreateSession(locks, ids, CLOCK).create(tenant, "ext-1");
        CreateSession.Created second = new CreateSession(locks, ids, CLOCK).create(tenant, "ext-1");
        new RevokeSession(locks).revoke(tenant, "ext-1", session.session().id().toString());
        List<ChangeEntry> sessions = changesAfter(tenant, mark, 3);
        assertThat(lines(sessions))
                .containsExactly(
                        "session upsert " + session.session().id(),
                        "session upsert " + second.session().id(),
                        "session delete " + session.session().id());
        assertThat(sessions.get(0).row().members())
                .containsOnlyKeys("id", "identityId", "createdAt")
                .containsEntry("identityId", created.id().toString());

        // the identity's delete: its entry and its sessions', as in the deletion log
        mark = lastSeq(sessions);
        new DeleteIdentity(locks, CLOCK).delete(tenant, "ext-1");
        List<ChangeEntry> deleted = changesAfter(tenant, mark, 2);
        assertThat(lines(deleted))
                .containsExactly(
                        "identity delete " + created.id(),
                        "session delete " + second.session().id());
        assertEveryDeletionIsOneEntryOfTheFeed(tenant);
        assertFeedIsOneSequence(tenant);
    }

    @Test
    void everyWriteOfRecordsWebhooksAndStacksLeavesExactlyItsEntries() {
        TenantId tenant = newTenant();
        TenantWriteLocks locks = storage.tenantWriteLocks();
        UuidIdGenerator ids = new UuidIdGenerator();

        FeedbackRecord record = new CreateFeedbackRecord(storage.feedbackRecordGatedCreate(), locks, ids, CLOCK)
                .create(tenant, UserId.of("u-1"), new FeedbackPayload(Map.of("stars", 5)));
        FeedbackRecord changed = new UpdateFeedbackRecord(locks, CLOCK)
                .update(tenant, record.id(), new FeedbackPayload(Map.of("stars", 4)));
        new DeleteFeedbackRecord(locks).delete(tenant, record.id());

        Webhook webhook = new CreateWebhook(storage.webhookGatedCreate(), locks, ids, CLOCK)
                .create(tenant, WebhookUrl.of("https://hooks.example/a"), EventTypes.of(List.of("a.b")), true);
        Webhook disabled = new UpdateWebhook(locks, CLOCK)
                .update(tenant, webhook.id(), new WebhookChange(null, null, false, null));
        new DeleteWebhook(locks).delete(tenant, webhook.id());

        new CreateStack(locks).create(tenant, "web", Map.of("A", "1"));
        EnvMerge merged = patch(tenant, "web", "2");
        Stack deleting = new DeleteStack(locks).delete(tenant, "web");
        TearDownStack.Outcome torn = new TearDownStack(
                        storage.stackQueries(), locks, CLOCK, TeardownSettings.defaults())
                .tearDown(new StackRef(tenant, Slug.of("web")), CLOCK.instant().plusSeconds(60));
        assertThat(torn).isEqualTo(TearDownStack.Outcome.REMOVED);

        List<ChangeEntry> feed = settledChanges(tenant, 10);
        assertThat(lines(feed))
                .containsExactly(
                        "feedback_record upsert " + record.id(),
                        "feedback_record upsert " + record.id(),
                        "feedback_record delete " + record.id(),
                        "webhook upsert " + webhook.id(),
                        "webhook upsert " + webhook.id(),
                        "webhook delete " + webhook.id(),
                        "stack upsert web",
                        "stack upsert web",
                        "stack upsert web",
                        "stack delete web");
        assertThat(feed.get(0).row()).isEqualTo(ChangeRows.feedbackRecord(record));
        assertThat(feed.get(1).row()).isEqualTo(ChangeRows.feedbackRecord(changed));
        assertThat(feed.get(2).row()).isNull();
        assertThat(feed.get(3).row()).isEqualTo(ChangeRows.webhook(webhook));
        assertThat(feed.get(4).row()).isEqualTo(ChangeRows.webhook(disabled));
        assertThat(feed.get(6).row().members()).containsEntry("env", Map.of("A", "1"));
        assertThat(feed.get(7).row().members())
                .as("the env PATCH's upsert carries the merged env")
                .containsEntry("env", Map.of("A", "1", "K", "2"))
                .containsEntry("status", "active");
        assertThat(merged.env()).isEqualTo(Map.of("A", "1", "K", "2"));
        assertThat(feed.get(8).row()).isEqualTo(ChangeRows.stack(deleting));
        assertThat(feed.get(8).row().members()).containsEntry("status", "deleting");
        assertThat(storage.stackQueries().find(tenant, Slug.of("web"))).isEmpty();
        assertEveryDeletionIsOneEntryOfTheFeed(tenant);
        assertFeedIsOneSequence(tenant);
    }

    @Test
    void theRowOfAnEnvPatchIsTheStackAsAReadAnswersItAfterwards() {
        TenantId tenant = tenantWithStacks("app");
        patch(tenant, "app", "9");
        List<ChangeEntry> feed = settledChanges(tenant, 2);
        Stack read = storage.stackQueries().find(tenant, Slug.of("app")).orElseThrow();
        assertThat(feed.get(feed.size() - 1).row()).isEqualTo(ChangeRows.stack(read));
    }

    @Test
    void aMovedWebhookIsADeleteInTheSourceAndAnUpsertInTheTarget() {
        TenantId from = newTenant();
        TenantId to = newTenant();
        TenantWriteLocks locks = storage.tenantWriteLocks();
        Webhook webhook = new CreateWebhook(storage.webhookGatedCreate(), locks, new UuidIdGenerator(), CLOCK)
                .create(from, WebhookUrl.of("https://hooks.example/m"), EventTypes.of(List.of()), true);
        Webhook moved =
                new UpdateWebhook(locks, CLOCK).update(from, webhook.id(), new WebhookChange(null, null, null, to));

        assertThat(lines(settledChanges(from, 2)))
                .containsExactly("webhook upsert " + webhook.id(), "webhook delete " + webhook.id());
        List<ChangeEntry> target = settledChanges(to, 1);
        assertThat(lines(target)).containsExactly("webhook upsert " + webhook.id());
        assertThat(target.get(0).row()).isEqualTo(ChangeRows.webhook(moved));
        assertThat(target.get(0).row().members()).containsEntry("tenantId", to.value());
        assertThat(allDeletions(storage, to)).isEmpty();
        assertEveryDeletionIsOneEntryOfTheFeed(from);
    }

    @Test
    void aPurgeLeavesOnlyItsTenantEntryAndLaterWritesFollowIt() {
        TenantId tenant = tenantWithStacks("a", "b");
        patch(tenant, "a", "1");
        new CreateFeedbackRecord(
                        storage.feedbackRecordGatedCreate(), storage.tenantWriteLocks(), new UuidIdGenerator(), CLOCK)
                .create(tenant, null, new FeedbackPayload(Map.of("x", 1)));
        long before = lastSeq(settledChanges(tenant, 4));

        new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant);
        new CreateStack(storage.tenantWriteLocks()).create(tenant, "after", Map.of());

        List<ChangeEntry> feed = settledChanges(tenant, 2);
        assertThat(lines(feed)).containsExactly("tenant delete " + tenant.value(), "stack upsert after");
        assertThat(feed.get(0).seq())
                .as("a cursor from before the purge still reads it")
                .isGreaterThan(before);
        assertThat(feed.get(0).row()).isNull();
        assertThat(feed.get(1).seq()).isGreaterThan(feed.get(0).seq());
        assertEveryDeletionIsOneEntryOfTheFeed(tenant);
    }

    @Test
    void aCreateRefusedByAPurgeAndAnEnvPatchOverTheCapLeaveNoEntry() {
        TenantId tenant = tenantWithStacks("big");
        settledChanges(tenant, 1);
        // a purge holds the tenant: the gated creates are refused
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, tenant, release);
        try {
            assertConflict(() -> new CreateFeedbackRecord(
                            storage.feedbackRecordGatedCreate(),
                            storage.tenantWriteLocks(),
                            new UuidIdGenerator(),
                            CLOCK)
                    .create(tenant, null, new FeedbackPayload(Map.of("x", 1))));
            assertConflict(() -> new CreateWebhook(
                            storage.webhookGatedCreate(), storage.tenantWriteLocks(), new UuidIdGenerator(), CLOCK)
                    .create(tenant, WebhookUrl.of("https://hooks.example/r"), EventTypes.of(List.of()), true));
        } finally {
            release.countDown();
        }
        purge.join(); // this purge unit records nothing of its own

        // an env PATCH over the cap is refused; nothing of it is in the feed
        String huge = "v".repeat(70_000);
        assertCode(ErrorCode.ENV_TOO_LARGE, () -> patch(tenant, "big", huge));
        // a write that finds nothing to change leaves nothing either
        assertCode(ErrorCode.NOT_FOUND, () -> new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, new UuidIdGenerator().newId(), new FeedbackPayload(Map.of())));
        // a later write's entry is readable only once everything before it is: nothing came between
        new CreateStack(storage.tenantWriteLocks()).create(tenant, "later", Map.of());
        assertThat(lines(settledChanges(tenant, 2))).containsExactly("stack upsert big", "stack upsert later");
    }

    @Test
    void groupCommittedEnvPatchesGetOneEntryEachInBatchOrder() throws Exception {
        TenantId tenant = tenantWithStacks("hot");
        MergeStackEnv batches = new MergeStackEnv(storage.tenantWriteLocks(), StorageSettings.defaults());
        long before = lastSeq(settledChanges(tenant, 1));
        // the race: a unit holds the stack's row lock, so the PATCHes queue behind the one in flight
        // and go together in the next unit; each is submitted once the previous one is seen queued
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder;
        try {
            holder = inFlightWriter(
                    storage,
                    tenant,
                    unit -> {
                        unit.stacks().mergeEnv(tenant, Slug.of("hot"), EnvPatch.fromJson(Map.of("H", "held")));
                        return null;
                    },
                    release);
        } catch (RuntimeException | AssertionError e) {
            release.countDown();
            throw e;
        }
        List<CompletableFuture<EnvMerge>> queued = new ArrayList<>();
        try {
            CompletableFuture<EnvMerge> inFlight =
                    CompletableFuture.supplyAsync(() -> batches.merge(tenant, "hot", Map.of("K", "1")));
            awaitLockWaiters(storage, 1, "the PATCH in flight waits for the held row");
            for (int i = 2; i <= 5; i++) {
                String value = Integer.toString(i);
                queued.add(CompletableFuture.supplyAsync(() -> batches.merge(tenant, "hot", Map.of("K", value))));
                int expected = i - 1;
                awaitTrue("PATCH " + i + " queued", () -> batches.queuedMerges(tenant, "hot") >= expected);
            }
            queued.add(0, inFlight);
        } finally {
            release.countDown();
        }
        holder.get(10, TimeUnit.SECONDS);
        List<EnvMerge> answers = new ArrayList<>();
        for (CompletableFuture<EnvMerge> f : queued) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }

        List<ChangeEntry> stackEntries = changesAfter(tenant, before, 5).stream()
                .filter(e -> e.kind() == DeletionKind.STACK)
                .toList();
        // the held unit's merge records no entry (a port call, not the use case); then 1..5 in arrival order
        List<Object> ks = stackEntries.stream()
                .<Object>map(e -> ((Map<?, ?>) e.row().members().get("env")).get("K"))
                .toList();
        assertThat(ks.subList(ks.size() - 5, ks.size())).containsExactly("1", "2", "3", "4", "5");
        for (int i = 0; i < 5; i++) {
            assertThat(stackEntries
                            .get(stackEntries.size() - 5 + i)
                            .row()
                            .members()
                            .get("env"))
                    .as("entry %d carries the env its PATCH answered", i + 1)
                    .isEqualTo(answers.get(i).env());
        }
    }

    @Test
    void aLiveFeedReaderNeverSkipsTheUpsertOfAUnitThatCommitsAfterALaterOne() throws Exception {
        TenantId tenant = tenantWithStacks("a", "b");
        ReadChangeLogs read = new ReadChangeLogs(storage.changeLogQueries());
        long start = lastSeq(settledChanges(tenant, 2));
        // unit 1 patches stack a (its upsert numbered at its COMMIT), then parks before committing
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> unit1 = inFlightWriter(
                storage,
                tenant,
                unit -> {
                    EnvMerge m = unit.stacks().mergeEnv(tenant, Slug.of("a"), EnvPatch.fromJson(Map.of("K", "1")));
                    unit.deletionLog()
                            .upserted(
                                    tenant,
                                    DeletionKind.STACK,
                                    "a",
                                    ChangeRows.stack(storage.stackQueries()
                                            .find(tenant, Slug.of("a"))
                                            .orElseThrow()));
                    assertThat(m.env()).containsEntry("K", "1");
                    return null;
                },
                release);
        // unit 2 commits meanwhile, through the use case
        patch(tenant, "b", "2");

        ReadChangeLogs.Changes first = read.changes(tenant, start, 100);
        release.countDown();
        unit1.get(10, TimeUnit.SECONDS);
        List<ChangeEntry> seen = new ArrayList<>(first.items());
        for (ReadChangeLogs.Changes page = read.changes(tenant, first.nextSeq(), 100);
                !page.items().isEmpty();
                page = read.changes(tenant, page.nextSeq(), 100)) {
            seen.addAll(page.items());
        }
        assertThat(lines(seen))
                .as("every entry exactly once through the cursor, whichever commit came first")
                .containsExactlyInAnyOrder("stack upsert a", "stack upsert b");
        assertThat(seen).extracting(ChangeEntry::seq).isSorted().doesNotHaveDuplicates();
        assertThat(changesAfter(tenant, start)).isEqualTo(seen);
    }

    /** Every deletion-log entry is one delete of the feed, with the same seq; the feed has no other deletes. */
    private void assertEveryDeletionIsOneEntryOfTheFeed(TenantId tenant) {
        List<DeletionLogEntry> deletions = allDeletions(storage, tenant);
        List<ChangeEntry> deletes = allChanges(storage, tenant).stream()
                .filter(e -> e.op() == ChangeOp.DELETE)
                .toList();
        assertThat(deletes)
                .extracting(e -> e.seq() + " " + e.kind().wireName() + " " + e.id())
                .isEqualTo(deletions.stream()
                        .map(d -> d.seq() + " " + d.kind().wireName() + " " + d.id())
                        .toList());
    }

    /** The feed's and the audit log's positions are one sequence: none shared, each strictly increasing. */
    private void assertFeedIsOneSequence(TenantId tenant) {
        List<ChangeEntry> feed = allChanges(storage, tenant);
        assertThat(feed).extracting(ChangeEntry::seq).isSorted().doesNotHaveDuplicates();
        Set<Long> positions = new HashSet<>();
        feed.forEach(e -> positions.add(e.seq()));
        List<AuditEvent> audit = allAuditEvents(storage, tenant);
        audit.forEach(e -> positions.add(e.seq()));
        assertThat(positions).hasSize(feed.size() + audit.size());
    }
}
