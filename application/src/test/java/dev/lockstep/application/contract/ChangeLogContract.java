package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.MergeStackEnv;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
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
 * How the positions ({@code seq}) of the deletion log and the audit log are handed out: no row or
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
}
