package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.GetIdentity;
import dev.lockstep.application.identity.ListIdentities;
import dev.lockstep.application.identity.RatelimitInput;
import dev.lockstep.application.identity.SignOut;
import dev.lockstep.application.identity.UpdateIdentity;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "identity deletion" port family through its use cases: the soft delete with one kept
 * deleted generation per externalId, exactly-once recording under races, the one-read lookup,
 * ratelimit replace semantics and the purge. Races are forced by running the contenders together
 * behind one latch ({@link #runTogether}) or by parking a writer inside its unit of work.
 */
public abstract class IdentityDeletionContract extends ContractSupport {

    protected CreateIdentity create;
    protected GetIdentity get;
    protected ListIdentities list;
    protected UpdateIdentity update;
    protected DeleteIdentity delete;
    protected CreateSession createSession;
    protected SignOut signOut;

    @BeforeAll
    void useCases() {
        Clock clock = Clock.systemUTC();
        UuidIdGenerator ids = new UuidIdGenerator();
        create = new CreateIdentity(storage.tenantWriteLocks(), ids, clock);
        get = new GetIdentity(storage.identityQueries());
        list = new ListIdentities(storage.identityQueries());
        update = new UpdateIdentity(storage.tenantWriteLocks(), ids, clock);
        delete = new DeleteIdentity(storage.tenantWriteLocks(), clock);
        createSession = new CreateSession(storage.tenantWriteLocks(), ids, clock);
        signOut = new SignOut(storage.sessionQueries(), storage.tenantWriteLocks());
    }

    protected Identity createIdentity(TenantId tenant, String externalId, RatelimitInput... ratelimits) {
        return create.create(tenant, new CreateIdentity.Command(externalId, Map.of("k", "v"), List.of(ratelimits)));
    }

    protected static RatelimitInput rl(String name, long limit) {
        return new RatelimitInput(name, limit, 60_000L, false);
    }

    protected List<DeletionLogEntry> deletions(TenantId tenant) {
        return allDeletions(storage, tenant);
    }

    protected List<DeletionLogEntry> deletions(TenantId tenant, DeletionKind kind) {
        return deletions(tenant).stream().filter(e -> e.kind() == kind).toList();
    }

    protected List<AuditEvent> audit(TenantId tenant, AuditAction action) {
        return allAuditEvents(storage, tenant).stream()
                .filter(e -> e.action() == action)
                .toList();
    }

    @Test
    void createdIdentityIsFoundByIdAndByExternalIdWithItsRatelimits() {
        TenantId tenant = newTenant();
        Identity created = createIdentity(tenant, "user-1", rl("b", 20), rl("a", 10));
        assertThat(created.ratelimits()).extracting(Ratelimit::name).containsExactly("a", "b");
        assertThat(get.get(tenant, created.id().toString())).isEqualTo(created);
        assertThat(get.get(tenant, "user-1")).isEqualTo(created);
        assertThat(audit(tenant, AuditAction.IDENTITY_CREATE))
                .extracting(AuditEvent::resourceId)
                .containsExactly(created.id().toString());
        assertCode(ErrorCode.NOT_FOUND, () -> get.get(newTenant(), "user-1"));
    }

    @Test
    void idMatchWinsOverAnExternalIdThatLooksLikeAnotherIdentitysId() {
        TenantId tenant = newTenant();
        Identity first = createIdentity(tenant, "first");
        Identity impostor = createIdentity(tenant, first.id().toString());
        assertThat(get.get(tenant, first.id().toString()).id()).isEqualTo(first.id());
        // once the id match is gone, the same ref resolves by externalId
        delete.delete(tenant, first.id().toString());
        assertThat(get.get(tenant, first.id().toString()).id()).isEqualTo(impostor.id());
    }

    @Test
    void secondActiveIdentityWithTheSameExternalIdIsRefused() {
        TenantId tenant = newTenant();
        createIdentity(tenant, "dup");
        assertCode(ErrorCode.IDENTITY_EXISTS, () -> createIdentity(tenant, "dup"));
        assertThat(audit(tenant, AuditAction.IDENTITY_CREATE)).hasSize(1);
        // another tenant may use it
        createIdentity(newTenant(), "dup");
    }

    @Test
    void createDeleteThreeTimesOverOneExternalIdNeverFails() {
        TenantId tenant = newTenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Identity created = createIdentity(tenant, "cycle", rl("r" + i, 5));
            ids.add(created.id().toString());
            delete.delete(tenant, "cycle");
            assertCode(ErrorCode.NOT_FOUND, () -> get.get(tenant, "cycle"));
        }
        assertThat(deletions(tenant, DeletionKind.IDENTITY))
                .extracting(DeletionLogEntry::id)
                .containsExactlyElementsOf(ids);
        assertThat(audit(tenant, AuditAction.IDENTITY_DELETE))
                .extracting(AuditEvent::resourceId)
                .containsExactlyElementsOf(ids);
        // the first two generations were removed for good, their ratelimits recorded as they went
        assertThat(deletions(tenant, DeletionKind.RATELIMIT)).hasSize(2);
    }

    @Test
    void externalIdIsFreeForANewIdentityRightAfterADelete() {
        TenantId tenant = newTenant();
        Identity old = createIdentity(tenant, "reuse");
        delete.delete(tenant, "reuse");
        Identity fresh = createIdentity(tenant, "reuse");
        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(get.get(tenant, "reuse").id()).isEqualTo(fresh.id());
        assertCode(ErrorCode.NOT_FOUND, () -> get.get(tenant, old.id().toString()));
        assertCode(ErrorCode.NOT_FOUND, () -> delete.delete(tenant, old.id().toString()));
    }

    @Test
    void ratelimitsStayWithTheSoftDeletedGenerationAndGoWithItsHardRemoval() {
        TenantId tenant = newTenant();
        Identity first = createIdentity(tenant, "gen", rl("a", 1), rl("b", 2));
        delete.delete(tenant, "gen");
        // soft delete: the identity counts as removed, its ratelimits are kept with it
        assertThat(deletions(tenant))
                .extracting(DeletionLogEntry::kind, DeletionLogEntry::id)
                .containsExactly(tuple(DeletionKind.IDENTITY, first.id().toString()));

        Identity second = createIdentity(tenant, "gen", rl("c", 3));
        delete.delete(tenant, "gen");
        // the first generation goes for good now: its ratelimits are recorded, the identity not again
        List<String> firstRatelimits =
                first.ratelimits().stream().map(r -> r.id().toString()).toList();
        assertThat(deletions(tenant, DeletionKind.RATELIMIT))
                .extracting(DeletionLogEntry::id)
                .containsExactlyInAnyOrderElementsOf(firstRatelimits);
        assertThat(deletions(tenant, DeletionKind.IDENTITY))
                .extracting(DeletionLogEntry::id)
                .containsExactly(first.id().toString(), second.id().toString());

        createIdentity(tenant, "gen");
        delete.delete(tenant, "gen");
        assertThat(deletions(tenant, DeletionKind.RATELIMIT))
                .extracting(DeletionLogEntry::id)
                .containsExactlyInAnyOrderElementsOf(concat(
                        firstRatelimits, List.of(second.ratelimits().get(0).id().toString())));
    }

    @Test
    void sixteenConcurrentDeletesOfOneIdentityGiveOneSuccessAndOneRecord() {
        TenantId tenant = newTenant();
        // an older deleted generation exists, so the winner also removes it: the hardest path
        createIdentity(tenant, "racy", rl("x", 1));
        delete.delete(tenant, "racy");
        Identity target = createIdentity(tenant, "racy", rl("y", 1));
        long identityEntriesBefore = deletions(tenant, DeletionKind.IDENTITY).size();

        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String ref = i % 2 == 0 ? target.id().toString() : "racy";
            tasks.add(() -> {
                delete.delete(tenant, ref);
                return true;
            });
        }
        List<Outcome<Boolean>> outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes, DomainException.class);
        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.ok()).map(o -> codeOf(o.error())))
                .hasSize(15)
                .containsOnly(ErrorCode.NOT_FOUND);
        assertThat(deletions(tenant, DeletionKind.IDENTITY))
                .hasSize((int) identityEntriesBefore + 1)
                .extracting(DeletionLogEntry::id)
                .containsOnlyOnce(target.id().toString());
        assertThat(audit(tenant, AuditAction.IDENTITY_DELETE))
                .filteredOn(e -> e.resourceId().equals(target.id().toString()))
                .hasSize(1);
    }

    @Test
    void deleteWaitingBehindAnOpenDeleteOfTheSameIdentityAnswersNotFound() throws Exception {
        TenantId tenant = newTenant();
        Identity target = createIdentity(tenant, "held");
        // the race is forced: a first delete parks inside its unit holding the identity's row lock, a
        // second delete starts, and only once it is queued on that lock is the first let go: it must
        // then see "gone"
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = inFlightWriter(
                storage,
                tenant,
                unit -> {
                    unit.identities().softDelete(tenant, IdentityRef.of("held"), Instant.now());
                    unit.deletionLog()
                            .record(tenant, DeletionKind.IDENTITY, target.id().toString());
                    return null;
                },
                release);
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> delete.delete(tenant, target.id().toString()));
        awaitLockWaiters(storage, 1, "the second delete waits for the first");
        assertThat(second).isNotDone();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertFailsWith(second, ErrorCode.NOT_FOUND);
        assertThat(deletions(tenant, DeletionKind.IDENTITY)).hasSize(1);
        assertThat(audit(tenant, AuditAction.IDENTITY_DELETE)).isEmpty();
    }

    @Test
    void manyThreadsCyclingCreateAndDeleteOverManyExternalIdsNeverFail() {
        TenantId tenant = newTenant();
        // 16 threads, each its own externalId: c→d×3 must succeed every time
        List<Callable<Integer>> own = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String ext = "own-" + t;
            own.add(() -> {
                for (int i = 0; i < 3; i++) {
                    createIdentity(tenant, ext, rl("r", 1));
                    delete.delete(tenant, ext);
                }
                return 3;
            });
        }
        List<Outcome<Integer>> ownOutcomes = runTogether(own);
        assertNoUnexpected(ownOutcomes);
        assertThat(deletions(tenant, DeletionKind.IDENTITY)).hasSize(48);

        // 16 threads on 4 shared externalIds: creates may find one active, deletes may find none —
        // those are the only allowed answers, and every successful delete is recorded exactly once
        TenantId shared = newTenant();
        List<Callable<int[]>> contended = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String ext = "shared-" + (t % 4);
            contended.add(() -> {
                int[] deleted = new int[1];
                for (int i = 0; i < 3; i++) {
                    try {
                        createIdentity(shared, ext);
                    } catch (DomainException e) {
                        if (e.code() != ErrorCode.IDENTITY_EXISTS) {
                            throw e;
                        }
                    }
                    try {
                        delete.delete(shared, ext);
                        deleted[0]++;
                    } catch (DomainException e) {
                        if (e.code() != ErrorCode.NOT_FOUND) {
                            throw e;
                        }
                    }
                }
                return deleted;
            });
        }
        List<Outcome<int[]>> outcomes = runTogether(contended);
        assertNoUnexpected(outcomes);
        int successfulDeletes = outcomes.stream().mapToInt(o -> o.value()[0]).sum();
        List<DeletionLogEntry> identityEntries = deletions(shared, DeletionKind.IDENTITY);
        assertThat(identityEntries).hasSize(successfulDeletes);
        assertThat(identityEntries.stream().map(DeletionLogEntry::id).distinct())
                .hasSize(successfulDeletes);
        assertThat(audit(shared, AuditAction.IDENTITY_DELETE)).hasSize(successfulDeletes);
        // afterwards each externalId still works
        for (int e = 0; e < 4; e++) {
            String ext = "shared-" + e;
            try {
                delete.delete(shared, ext);
            } catch (DomainException ex) {
                assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND);
            }
            createIdentity(shared, ext);
            delete.delete(shared, ext);
        }
    }

    @Test
    void patchReplacesTheRatelimitSetKeepingIdsAndCreatedAtOfNamedOnes() {
        TenantId tenant = newTenant();
        Identity before = createIdentity(tenant, "patchy", rl("a", 10), rl("b", 20), rl("keep", 1));
        Ratelimit a = before.ratelimits().get(0);
        Ratelimit b = before.ratelimits().get(1);
        Ratelimit keep = before.ratelimits().get(2);

        Identity after = update.update(
                tenant, "patchy", new UpdateIdentity.Command(null, List.of(rl("a", 15), rl("c", 5), rl("keep", 1))));

        assertThat(after.ratelimits()).extracting(Ratelimit::name).containsExactly("a", "c", "keep");
        Ratelimit a2 = after.ratelimits().get(0);
        assertThat(a2.id()).isEqualTo(a.id());
        assertThat(a2.createdAt()).isEqualTo(a.createdAt());
        assertThat(a2.limit()).isEqualTo(15);
        assertThat(after.ratelimits().get(2)).isEqualTo(keep);
        assertThat(after.ratelimits().get(1).id()).isNotIn(a.id(), b.id(), keep.id());
        assertThat(after.meta()).isEqualTo(before.meta());
        // the answer is the state the write left: a read afterwards sees the same
        assertThat(get.get(tenant, "patchy")).isEqualTo(after);
        assertThat(deletions(tenant))
                .extracting(DeletionLogEntry::kind, DeletionLogEntry::id)
                .containsExactly(tuple(DeletionKind.RATELIMIT, b.id().toString()));
        assertThat(audit(tenant, AuditAction.IDENTITY_UPDATE)).hasSize(1);

        Identity metaOnly =
                update.update(tenant, before.id().toString(), new UpdateIdentity.Command(Map.of("plan", "pro"), null));
        assertThat(metaOnly.meta().value()).isEqualTo(Map.of("plan", "pro"));
        assertThat(metaOnly.ratelimits()).isEqualTo(after.ratelimits());
        assertThat(get.get(tenant, "patchy")).isEqualTo(metaOnly);

        Identity cleared = update.update(tenant, "patchy", new UpdateIdentity.Command(null, List.of()));
        assertThat(cleared.ratelimits()).isEmpty();
        assertThat(deletions(tenant, DeletionKind.RATELIMIT)).hasSize(4);
    }

    @Test
    void patchOrDeleteOfADeletedOrUnknownIdentityIsNotFound() {
        TenantId tenant = newTenant();
        createIdentity(tenant, "gone");
        delete.delete(tenant, "gone");
        assertCode(
                ErrorCode.NOT_FOUND, () -> update.update(tenant, "gone", new UpdateIdentity.Command(Map.of(), null)));
        assertCode(ErrorCode.NOT_FOUND, () -> delete.delete(tenant, "gone"));
        assertCode(ErrorCode.NOT_FOUND, () -> delete.delete(tenant, "never-was"));
        assertCode(ErrorCode.NOT_FOUND, () -> get.get(tenant, "x".repeat(300)));
        assertThat(audit(tenant, AuditAction.IDENTITY_UPDATE)).isEmpty();
    }

    @Test
    void badInputIsAValidationFailureListingEveryField() {
        TenantId tenant = newTenant();
        Map<String, Object> huge = Map.of("blob", "x".repeat(64 * 1024));
        assertThatThrownBy(() -> create.create(
                        tenant,
                        new CreateIdentity.Command(
                                "",
                                huge,
                                List.of(rl("same", 1), rl("same", 2), new RatelimitInput("z", 0L, null, null)))))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.errors())
                            .extracting(FieldError::field)
                            .contains("externalId", "meta", "ratelimits[2].durationMs");
                });
        assertCode(ErrorCode.VALIDATION_FAILED, () -> createIdentity(tenant, "x".repeat(256)));
        assertThatThrownBy(() -> createIdentity(tenant, "dups", rl("same", 1), rl("same", 2)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("ratelimits[1].name"));
        // exactly 64 KiB of meta is fine
        String fill = "x".repeat(64 * 1024 - "{\"b\":\"\"}".length());
        Identity big = create.create(tenant, new CreateIdentity.Command("big", Map.of("b", fill), null));
        assertThat(get.get(tenant, "big").meta()).isEqualTo(big.meta());
        assertCode(
                ErrorCode.VALIDATION_FAILED,
                () -> update.update(tenant, "big", new UpdateIdentity.Command(null, null)));
        assertThat(allAuditEvents(storage, tenant)).hasSize(1);
    }

    @Test
    void listShowsActiveIdentitiesInIdOrderPageByPage() {
        TenantId tenant = newTenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(createIdentity(tenant, "l" + i, rl("r", i + 1)).id().toString());
        }
        delete.delete(tenant, "l3");
        ids.remove(3);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Identity> page = list.list(tenant, new PageRequest(2, cursor));
            page.items().forEach(i -> seen.add(i.id().toString()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(pages).isEqualTo(3);
        String upper = seen.get(1).toUpperCase();
        assertThat(list.list(tenant, new PageRequest(10, upper)).items())
                .extracting(i -> i.id().toString())
                .containsExactlyElementsOf(seen.subList(2, seen.size()));
        assertThat(list.list(tenant, PageRequest.first(100)).items().get(0).ratelimits())
                .hasSize(1);
        assertCode(ErrorCode.VALIDATION_FAILED, () -> list.list(tenant, new PageRequest(10, "not-a-cursor")));
        assertThat(list.list(newTenant(), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void purgeRemovesIdentitiesRatelimitsAndSessionsWithCounts() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        createIdentity(tenant, "a", rl("x", 1), rl("y", 1));
        createIdentity(tenant, "b", rl("z", 1));
        String token1 = createSession.create(tenant, "b").refreshToken().reveal();
        createSession.create(tenant, "b");
        delete.delete(tenant, "a");
        Identity survivor = createIdentity(other, "a", rl("x", 1));

        Map<String, Long> counts =
                new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant).byWireName();

        assertThat(counts)
                .containsEntry("identities", 2L)
                .containsEntry("ratelimits", 3L)
                .containsEntry("sessions", 2L);
        assertCode(ErrorCode.NOT_FOUND, () -> get.get(tenant, "b"));
        assertThat(list.list(tenant, PageRequest.first(10)).items()).isEmpty();
        assertCode(ErrorCode.UNAUTHORIZED, () -> signOut.signOut(token1));
        assertThat(get.get(other, "a")).isEqualTo(survivor);
        // the tenant starts clean: the externalIds are free, a delete has no old generation to find
        createIdentity(tenant, "a");
        delete.delete(tenant, "a");
        assertThat(deletions(tenant, DeletionKind.RATELIMIT)).isEmpty();
    }

    @Test
    void identityWritesFailFastWhileThePurgeOfTheirTenantRuns() throws Exception {
        TenantId tenant = newTenant();
        createIdentity(tenant, "p");
        // the race: the purge parks inside its exclusive unit while the test writes
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> purge = runningPurge(storage, tenant, release);
        try {
            assertCode(ErrorCode.TENANT_WRITE_CONFLICT, () -> createIdentity(tenant, "q"));
            assertCode(ErrorCode.TENANT_WRITE_CONFLICT, () -> delete.delete(tenant, "p"));
            assertCode(
                    ErrorCode.TENANT_WRITE_CONFLICT,
                    () -> update.update(tenant, "p", new UpdateIdentity.Command(Map.of(), null)));
            assertCode(ErrorCode.TENANT_WRITE_CONFLICT, () -> createSession.create(tenant, "p"));
        } finally {
            release.countDown();
            purge.get(10, TimeUnit.SECONDS);
        }
        assertThat(get.get(tenant, "p").externalId().value()).isEqualTo("p");
    }

    @Test
    void patchRacingADeleteEitherLandsBeforeItOrFindsNothing() {
        for (int round = 0; round < 5; round++) {
            TenantId tenant = newTenant();
            createIdentity(tenant, "pd", rl("a", 1));
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                tasks.add(() -> update.update(
                                tenant,
                                "pd",
                                new UpdateIdentity.Command(Map.of("n", (long) n), List.of(rl("b" + n, 1))))
                        .id()
                        .toString());
            }
            tasks.add(() -> {
                delete.delete(tenant, "pd");
                return "deleted";
            });
            List<Outcome<String>> outcomes = runTogether(tasks);
            assertNoUnexpected(outcomes, DomainException.class);
            outcomes.stream().filter(o -> !o.ok()).forEach(o -> assertThat(codeOf(o.error()))
                    .isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(outcomes.get(4).ok()).isTrue();
            assertCode(ErrorCode.NOT_FOUND, () -> get.get(tenant, "pd"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
