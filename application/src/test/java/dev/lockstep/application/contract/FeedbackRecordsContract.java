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
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    return new GetFeedbackRecord(storage);
  }

  @Test
  void aCreatedRecordReadsBackEqualAndListsInIdOrder() {
    TenantId tenant = newTenant();
    FeedbackRecord created =
        new CreateFeedbackRecord(storage, IDS, CLOCK).create(tenant, UserId.of("u-1"), payload("score", 5, "text", "great", "tags", List.of("a", "b")));
    assertThat(created.payload().value()).containsEntry("score", 5L);
    assertThat(get().get(tenant, created.id())).isEqualTo(created);

    List<UUID> ids = new ArrayList<>(List.of(created.id()));
    for (int i = 0; i < 4; i++) {
      ids.add(createRecord(tenant, null).id());
    }
    Page<FeedbackRecord> first = new ListFeedbackRecords(storage).list(tenant, new PageRequest(3, null));
    assertThat(first.items()).extracting(FeedbackRecord::id).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(first.nextCursor()).isEqualTo(ids.get(2).toString());
    Page<FeedbackRecord> second = new ListFeedbackRecords(storage).list(tenant, new PageRequest(3, first.nextCursor()));
    assertThat(second.items()).extracting(FeedbackRecord::id).containsExactlyElementsOf(ids.subList(3, 5));
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void anUpdateReplacesThePayloadAndKeepsCreatedAt() {
    TenantId tenant = newTenant();
    FeedbackRecord created = createRecord(tenant, "u");
    FeedbackRecord updated = new UpdateFeedbackRecord(storage, CLOCK).update(tenant, created.id(), payload("n", 2));
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
    assertCode(ErrorCode.NOT_FOUND, () -> new UpdateFeedbackRecord(storage, CLOCK).update(other, record.id(), payload("n", 9)));
    assertCode(ErrorCode.NOT_FOUND, () -> new DeleteFeedbackRecord(storage).delete(other, record.id()));
    assertThat(get().get(owner, record.id())).isEqualTo(record);
    assertThat(storage.deletionLog().after(other, 0, 10)).isEmpty();
    assertThat(new ListFeedbackRecords(storage).list(other, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void aDeleteRecordsOneDeletionLogEntryAndASecondDeleteIsNotFound() {
    TenantId tenant = newTenant();
    FeedbackRecord record = createRecord(tenant, null);
    new DeleteFeedbackRecord(storage).delete(tenant, record.id());
    assertCode(ErrorCode.NOT_FOUND, () -> new DeleteFeedbackRecord(storage).delete(tenant, record.id()));
    assertCode(ErrorCode.NOT_FOUND, () -> get().get(tenant, record.id()));
    assertThat(allDeletions(storage, tenant))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.kind()).isEqualTo(DeletionKind.FEEDBACK_RECORD);
          assertThat(e.id()).isEqualTo(record.id().toString());
        });
  }

  @Test
  void concurrentDeletesOfOneRecordSucceedOnceAndLogOnce() {
    TenantId tenant = newTenant();
    FeedbackRecord record = createRecord(tenant, null);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> {
        new DeleteFeedbackRecord(storage).delete(tenant, record.id());
        return null;
      });
    }
    var outcomes = runTogether(tasks);
    assertNoUnexpected(outcomes, dev.lockstep.domain.DomainException.class);
    assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(1);
    outcomes.stream().filter(o -> !o.ok()).forEach(o -> assertThat(((dev.lockstep.domain.DomainException) o.error()).code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(allDeletions(storage, tenant)).hasSize(1);
  }

  @Test
  void aFailedUnitLeavesTheRecordAndNoLogEntry() {
    TenantId tenant = newTenant();
    FeedbackRecord record = createRecord(tenant, null);
    try {
      storage.tenantWriteLocks().writeVoid(tenant, () -> {
        storage.feedbackRecords().delete(tenant, record.id());
        storage.deletionLog().record(tenant, DeletionKind.FEEDBACK_RECORD, record.id().toString());
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

    DeleteUserFeedbackRecords.Result result = new DeleteUserFeedbackRecords(storage).delete(UserId.of(user));

    assertThat(result.deletedByTenant()).containsExactlyInAnyOrderEntriesOf(Map.of(a, 2, b, 1));
    assertThat(storage.feedbackRecords().tenantsHoldingRecordsOf(UserId.of(user))).isEmpty();
    assertThat(get().get(a, keep.id())).isEqualTo(keep);
    assertThat(get().get(b, anonymous.id())).isEqualTo(anonymous);
    assertThat(allDeletions(storage, a)).extracting(DeletionLogEntry::id).containsExactlyInAnyOrder(a1.id().toString(), a2.id().toString());
    assertThat(allDeletions(storage, b)).extracting(DeletionLogEntry::id).containsExactly(b1.id().toString());
    assertThat(new DeleteUserFeedbackRecords(storage).delete(UserId.of(user)).deletedByTenant()).isEmpty();
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

    assertConflict(() -> new DeleteUserFeedbackRecords(storage).delete(UserId.of(user)));

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
    StoragePorts hooked =
        withListingHook(storage, call -> {
          if (call == 1) {
            sneaked.add(onOtherThread(() -> createRecord(storage, late, user)));
          }
        }, calls);

    DeleteUserFeedbackRecords.Result result = new DeleteUserFeedbackRecords(hooked).delete(UserId.of(user));

    assertThat(result.deletedByTenant()).containsExactlyInAnyOrderEntriesOf(Map.of(a, 1, late, 1));
    assertThat(storage.feedbackRecords().tenantsHoldingRecordsOf(UserId.of(user))).isEmpty();
    assertThat(allDeletions(storage, late)).extracting(DeletionLogEntry::id).containsExactly(sneaked.get(0).id().toString());
    assertThat(calls.get()).as("listed, relisted under the first lock (drift), relisted under the second").isEqualTo(3);
  }

  @Test
  void gdprDeleteGivesUpWithAConflictAndDeletesNothingWhenTheTenantSetKeepsGrowing() {
    String user = "user-" + UUID.randomUUID();
    TenantId a = newTenant();
    FeedbackRecord inA = createRecord(a, user);
    // the race, every time: each listing is followed by a record of the user in yet another tenant
    List<TenantId> grown = new ArrayList<>();
    StoragePorts hooked =
        withListingHook(storage, call -> {
          TenantId t = newTenant();
          grown.add(t);
          onOtherThread(() -> createRecord(storage, t, user));
        }, new AtomicInteger());

    assertConflict(() -> new DeleteUserFeedbackRecords(hooked).delete(UserId.of(user)));

    assertThat(get().get(a, inA.id())).isEqualTo(inA);
    assertThat(allDeletions(storage, a)).isEmpty();
    for (TenantId t : grown) {
      assertThat(storage.feedbackRecords().list(t, PageRequest.first(10)).items()).hasSize(1);
      assertThat(allDeletions(storage, t)).isEmpty();
    }
  }

  /** The storage, with {@code hook} run (with the call's number) after each tenants-of-user listing. */
  private static StoragePorts withListingHook(StoragePorts real, Consumer<Integer> hook, AtomicInteger calls) {
    FeedbackRecordStore records = real.feedbackRecords();
    FeedbackRecordStore hooked =
        new ForwardingFeedbackRecordStore(records) {
          @Override
          public java.util.Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
            java.util.Set<TenantId> listed = records.tenantsHoldingRecordsOf(user);
            hook.accept(calls.incrementAndGet());
            return listed;
          }
        };
    return new ForwardingStoragePorts(real) {
      @Override
      public FeedbackRecordStore feedbackRecords() {
        return hooked;
      }
    };
  }
}
