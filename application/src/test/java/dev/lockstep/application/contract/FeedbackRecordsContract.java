package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.DeleteFeedbackRecord;
import dev.lockstep.application.feedback.DeleteUserFeedbackRecords;
import dev.lockstep.application.feedback.GetFeedbackRecord;
import dev.lockstep.application.feedback.ListFeedbackRecords;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Feedback records on one storage adapter: the CRUD contract, tenant scoping, the deletion log, and
 * the GDPR delete across tenants (all-or-nothing, tenant-set drift).
 */
public abstract class FeedbackRecordsContract extends TenantDataContractSupport {

    private GetFeedbackRecord get() {
        return new GetFeedbackRecord(storage.feedbackRecordQueries());
    }

    @Test
    void aCreatedRecordReadsBackEqualAndListsInIdOrder() {
        TenantId tenant = newTenant();
        FeedbackRecord created = new CreateFeedbackRecord(
                        storage.feedbackRecordGatedCreate(), storage.tenantWriteLocks(), IDS, CLOCK)
                .create(tenant, UserId.of("u-1"), payload("score", 5, "text", "great", "tags", List.of("a", "b")));
        assertThat(created.payload().value()).containsEntry("score", 5L);
        assertThat(get().get(tenant, created.id())).isEqualTo(created);

        List<UUID> ids = new ArrayList<>(List.of(created.id()));
        for (int i = 0; i < 4; i++) {
            ids.add(createRecord(tenant, null).id());
        }
        Page<FeedbackRecord> first =
                new ListFeedbackRecords(storage.feedbackRecordQueries()).list(tenant, new PageRequest(3, null));
        assertThat(first.items()).extracting(FeedbackRecord::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(first.nextCursor()).isEqualTo(ids.get(2).toString());
        Page<FeedbackRecord> second = new ListFeedbackRecords(storage.feedbackRecordQueries())
                .list(tenant, new PageRequest(3, first.nextCursor()));
        assertThat(second.items()).extracting(FeedbackRecord::id).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void anUpdateReplacesThePayloadAndKeepsCreatedAt() {
        TenantId tenant = newTenant();
        FeedbackRecord created = createRecord(tenant, "u");
        FeedbackRecord updated = new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, created.id(), payload("n", 2));
        assertThat(updated.payload().value()).isEqualTo(Map.of("n", 2L));
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(updated.userId()).isEqualTo(UserId.of("u"));
        assertThat(get().get(tenant, created.id())).isEqualTo(updated);
    }

    @Test
    void mutationsByIdAreScopedToTheTenant() {
        TenantId owner = newTenant();
        TenantId other = newTenant();
        FeedbackRecord record = createRecord(owner, "u");
        assertCode(ErrorCode.NOT_FOUND, () -> get().get(other, record.id()));
        assertCode(ErrorCode.NOT_FOUND, () -> new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK)
                .update(other, record.id(), payload("n", 9)));
        assertCode(ErrorCode.NOT_FOUND, () -> new DeleteFeedbackRecord(storage.tenantWriteLocks())
                .delete(other, record.id()));
        assertThat(get().get(owner, record.id())).isEqualTo(record);
        assertThat(storage.changeLogQueries().deletionsAfter(other, 0, 10)).isEmpty();
        assertThat(new ListFeedbackRecords(storage.feedbackRecordQueries())
                        .list(other, PageRequest.first(10))
                        .items())
                .isEmpty();
    }

    @Test
    void aDeleteRecordsOneDeletionLogEntryAndASecondDeleteIsNotFound() {
        TenantId tenant = newTenant();
        FeedbackRecord record = createRecord(tenant, null);
        new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(tenant, record.id());
        assertCode(ErrorCode.NOT_FOUND, () -> new DeleteFeedbackRecord(storage.tenantWriteLocks())
                .delete(tenant, record.id()));
        assertCode(ErrorCode.NOT_FOUND, () -> get().get(tenant, record.id()));
        assertThat(allDeletions(storage, tenant)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeletionKind.FEEDBACK_RECORD);
            assertThat(e.id()).isEqualTo(record.id().toString());
        });
    }

    /**
     * Forces the window between a delete and its commit: the unit deletes the record and writes its
     * deletion-log entry, then parks on a latch inside its work, its transaction still open. A reader
     * in that window sees both changes or neither (a row gone without its entry would let an external
     * sync miss the deletion); after the commit it sees both.
     */
    @Test
    void aReaderSeesADeleteAndItsDeletionEntryTogetherOrNeither() {
        TenantId tenant = newTenant();
        FeedbackRecord record = createRecord(tenant, null);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> deleting =
                CompletableFuture.runAsync(() -> storage.tenantWriteLocks().write(tenant, unit -> {
                    assertThat(unit.feedbackRecords().delete(tenant, record.id()))
                            .isTrue();
                    unit.deletionLog()
                            .record(
                                    tenant,
                                    DeletionKind.FEEDBACK_RECORD,
                                    record.id().toString());
                    inside.countDown();
                    await(release);
                    return null;
                }));
        awaitOrFail(inside, deleting);

        boolean rowGone =
                storage.feedbackRecordQueries().find(tenant, record.id()).isEmpty();
        boolean entryThere = !allDeletions(storage, tenant).isEmpty();
        assertThat(rowGone)
                .as(
                        "the row is %s while its deletion entry is %s",
                        rowGone ? "gone" : "there", entryThere ? "there" : "missing")
                .isEqualTo(entryThere);

        release.countDown();
        deleting.join();
        assertThat(storage.feedbackRecordQueries().find(tenant, record.id())).isEmpty();
        assertThat(allDeletions(storage, tenant))
                .singleElement()
                .extracting(DeletionLogEntry::id)
                .isEqualTo(record.id().toString());
    }

    @Test
    void concurrentDeletesOfOneRecordSucceedOnceAndLogOnce() {
        TenantId tenant = newTenant();
        FeedbackRecord record = createRecord(tenant, null);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> {
                new DeleteFeedbackRecord(storage.tenantWriteLocks()).delete(tenant, record.id());
                return null;
            });
        }
        var outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes, dev.lockstep.domain.DomainException.class);
        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(1);
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> assertThat(
                        ((dev.lockstep.domain.DomainException) o.error()).code())
                .isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(allDeletions(storage, tenant)).hasSize(1);
    }

    @Test
    void aFailedUnitLeavesTheRecordAndNoLogEntry() {
        TenantId tenant = newTenant();
        FeedbackRecord record = createRecord(tenant, null);
        try {
            storage.tenantWriteLocks().write(tenant, unit -> {
                unit.feedbackRecords().delete(tenant, record.id());
                unit.deletionLog()
                        .record(
                                tenant,
                                DeletionKind.FEEDBACK_RECORD,
                                record.id().toString());
                throw new IllegalStateException("boom after the delete");
            });
        } catch (IllegalStateException expected) {
            // the unit rolled back
        }
        assertThat(get().get(tenant, record.id())).isEqualTo(record);
        assertThat(allDeletions(storage, tenant)).isEmpty();
    }

    // --- GDPR delete by user -------------------------------------------------------------------

    @Test
    void gdprDeleteRemovesTheUsersRecordsInEveryTenantAndLogsEachOnce() {
        String user = "user-" + UUID.randomUUID();
        TenantId a = newTenant();
        TenantId b = newTenant();
        FeedbackRecord a1 = createRecord(a, user);
        FeedbackRecord a2 = createRecord(a, user);
        FeedbackRecord b1 = createRecord(b, user);
        FeedbackRecord keep = createRecord(a, "someone-else");
        FeedbackRecord anonymous = createRecord(b, null);

        DeleteUserFeedbackRecords.Result result = deleteUser(storage).delete(UserId.of(user));

        assertThat(result.deletedByTenant()).containsExactlyInAnyOrderEntriesOf(Map.of(a, 2, b, 1));
        assertThat(storage.feedbackRecordQueries().tenantsHoldingRecordsOf(UserId.of(user)))
                .isEmpty();
        assertThat(get().get(a, keep.id())).isEqualTo(keep);
        assertThat(get().get(b, anonymous.id())).isEqualTo(anonymous);
        assertThat(allDeletions(storage, a))
                .extracting(DeletionLogEntry::id)
                .containsExactlyInAnyOrder(a1.id().toString(), a2.id().toString());
        assertThat(allDeletions(storage, b))
                .extracting(DeletionLogEntry::id)
                .containsExactly(b1.id().toString());
        assertThat(deleteUser(storage).delete(UserId.of(user)).deletedByTenant())
                .isEmpty();
    }

    @Test
    void gdprDeleteIsAllOrNothingWhenOneTenantIsBeingPurged() throws Exception {
        String user = "user-" + UUID.randomUUID();
        TenantId a = newTenant();
        TenantId b = newTenant();
        FeedbackRecord inA = createRecord(a, user);
        createRecord(b, user);
        // the race: b's purge parks inside its exclusive unit while the GDPR delete runs
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, b, release);

        assertConflict(() -> deleteUser(storage).delete(UserId.of(user)));

        release.countDown();
        purge.get(10, TimeUnit.SECONDS);
        assertThat(get().get(a, inA.id())).isEqualTo(inA);
        assertThat(allDeletions(storage, a)).isEmpty();
    }

    @Test
    void gdprDeleteCatchesARecordCreatedInANewTenantBetweenListingAndLocking() {
        String user = "user-" + UUID.randomUUID();
        TenantId a = newTenant();
        TenantId late = newTenant();
        createRecord(a, user);
        // the race: right after the unlocked listing (the first call), another client creates a record
        // of the user in a tenant that listing did not see
        AtomicInteger calls = new AtomicInteger();
        List<FeedbackRecord> sneaked = new ArrayList<>();
        StoragePorts hooked = withListingHook(
                storage,
                call -> {
                    if (call == 1) {
                        sneaked.add(onOtherThread(() -> createRecord(storage, late, user)));
                    }
                },
                calls);

        DeleteUserFeedbackRecords.Result result = deleteUser(hooked).delete(UserId.of(user));

        assertThat(result.deletedByTenant()).containsExactlyInAnyOrderEntriesOf(Map.of(a, 1, late, 1));
        assertThat(storage.feedbackRecordQueries().tenantsHoldingRecordsOf(UserId.of(user)))
                .isEmpty();
        assertThat(allDeletions(storage, late))
                .extracting(DeletionLogEntry::id)
                .containsExactly(sneaked.get(0).id().toString());
        assertThat(calls.get())
                .as("listed, relisted under the first lock (drift), relisted under the second")
                .isEqualTo(3);
    }

    @Test
    void gdprDeleteGivesUpWithAConflictAndDeletesNothingWhenTheTenantSetKeepsGrowing() {
        String user = "user-" + UUID.randomUUID();
        TenantId a = newTenant();
        FeedbackRecord inA = createRecord(a, user);
        // the race, every time: each listing is followed by a record of the user in yet another tenant
        List<TenantId> grown = new ArrayList<>();
        StoragePorts hooked = withListingHook(
                storage,
                call -> {
                    TenantId t = newTenant();
                    grown.add(t);
                    onOtherThread(() -> createRecord(storage, t, user));
                },
                new AtomicInteger());

        assertConflict(() -> deleteUser(hooked).delete(UserId.of(user)));

        assertThat(get().get(a, inA.id())).isEqualTo(inA);
        assertThat(allDeletions(storage, a)).isEmpty();
        for (TenantId t : grown) {
            assertThat(storage.feedbackRecordQueries()
                            .list(t, PageRequest.first(10))
                            .items())
                    .hasSize(1);
            assertThat(allDeletions(storage, t)).isEmpty();
        }
    }

    private static DeleteUserFeedbackRecords deleteUser(StoragePorts s) {
        return new DeleteUserFeedbackRecords(s.feedbackRecordQueries(), s.tenantWriteLocks());
    }

    /**
     * The storage, with {@code hook} run (with the call's number) after each tenants-of-user listing:
     * the unlocked one of the queries and the ones inside a unit of work.
     */
    private static StoragePorts withListingHook(StoragePorts real, Consumer<Integer> hook, AtomicInteger calls) {
        FeedbackRecordQueries queries = real.feedbackRecordQueries();
        FeedbackRecordQueries hookedQueries = new FeedbackRecordQueries() {
            @Override
            public Optional<FeedbackRecord> find(TenantId tenant, UUID id) {
                return queries.find(tenant, id);
            }

            @Override
            public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
                return queries.list(tenant, page);
            }

            @Override
            public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
                Set<TenantId> listed = queries.tenantsHoldingRecordsOf(user);
                hook.accept(calls.incrementAndGet());
                return listed;
            }
        };
        TenantWriteLocks hookedLocks = new ForwardingTenantWriteLocks(real.tenantWriteLocks()) {
            @Override
            protected TenantUnit unit(TenantUnit unit) {
                FeedbackRecordStore records = unit.feedbackRecords();
                FeedbackRecordStore hooked = new ForwardingFeedbackRecordStore(records) {
                    @Override
                    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
                        Set<TenantId> listed = records.tenantsHoldingRecordsOf(user);
                        hook.accept(calls.incrementAndGet());
                        return listed;
                    }
                };
                return new ForwardingTenantUnit(unit) {
                    @Override
                    public FeedbackRecordStore feedbackRecords() {
                        return hooked;
                    }
                };
            }
        };
        return new ForwardingStoragePorts(real) {
            @Override
            public FeedbackRecordQueries feedbackRecordQueries() {
                return hookedQueries;
            }

            @Override
            public TenantWriteLocks tenantWriteLocks() {
                return hookedLocks;
            }
        };
    }
}
