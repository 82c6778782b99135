package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.RevokeAllSessions;
import dev.lockstep.application.identity.RevokeSession;
import dev.lockstep.application.identity.SignOut;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions and the "deletion race": revoke-all, single delete and sign-out removing the same rows.
 * Each session is removed once and recorded once; the losers of a race get not-found (or
 * unauthorized for sign-out) and record nothing. Races are forced with one start latch for all
 * contenders, or by parking a revoke-all inside its unit after it removed the rows.
 */
public abstract class SessionsContract extends ContractSupport {

    protected CreateIdentity createIdentity;
    protected DeleteIdentity deleteIdentity;
    protected CreateSession createSession;
    protected RevokeSession revokeSession;
    protected RevokeAllSessions revokeAll;
    protected SignOut signOut;

    @BeforeAll
    void useCases() {
        Clock clock = Clock.systemUTC();
        UuidIdGenerator ids = new UuidIdGenerator();
        createIdentity = new CreateIdentity(storage.tenantWriteLocks(), ids, clock);
        deleteIdentity = new DeleteIdentity(storage.tenantWriteLocks(), clock);
        createSession = new CreateSession(storage.tenantWriteLocks(), ids, clock);
        revokeSession = new RevokeSession(storage.tenantWriteLocks());
        revokeAll = new RevokeAllSessions(storage.tenantWriteLocks());
        signOut = new SignOut(storage.sessionQueries(), storage.tenantWriteLocks());
    }

    private Identity identity(TenantId tenant, String externalId) {
        return createIdentity.create(tenant, new CreateIdentity.Command(externalId, null, null));
    }

    private List<String> sessionEntries(TenantId tenant) {
        return allDeletions(storage, tenant).stream()
                .filter(e -> e.kind() == DeletionKind.SESSION)
                .map(DeletionLogEntry::id)
                .toList();
    }

    @Test
    void signOutWithTheTokenShownOnceRemovesTheSessionAndASecondTimeIsUnauthorized() {
        TenantId tenant = newTenant();
        identity(tenant, "u");
        CreateSession.Created created = createSession.create(tenant, "u");
        String token = created.refreshToken().reveal();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(created.refreshToken().toString()).doesNotContain(token);

        signOut.signOut(token);
        assertThat(sessionEntries(tenant))
                .containsExactly(created.session().id().toString());
        assertCode(ErrorCode.UNAUTHORIZED, () -> signOut.signOut(token));
        assertCode(ErrorCode.UNAUTHORIZED, () -> signOut.signOut("never-issued"));
        assertCode(ErrorCode.UNAUTHORIZED, () -> signOut.signOut("x".repeat(10_000)));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> signOut.signOut(""));
        assertThat(sessionEntries(tenant)).hasSize(1);
    }

    @Test
    void singleDeleteRemovesOnceThenAnswersNotFound() {
        TenantId tenant = newTenant();
        Identity u = identity(tenant, "u");
        identity(tenant, "v");
        String id = createSession.create(tenant, "u").session().id().toString();
        // the session belongs to u: through another identity, or another tenant, it does not exist
        assertCode(ErrorCode.NOT_FOUND, () -> revokeSession.revoke(tenant, "v", id));
        assertCode(ErrorCode.NOT_FOUND, () -> revokeSession.revoke(newTenant(), "u", id));
        assertCode(ErrorCode.NOT_FOUND, () -> revokeSession.revoke(tenant, "u", "not-a-uuid"));

        revokeSession.revoke(tenant, u.id().toString(), id);
        assertCode(ErrorCode.NOT_FOUND, () -> revokeSession.revoke(tenant, "u", id));
        assertThat(sessionEntries(tenant)).containsExactly(id);
    }

    @Test
    void revokeAllRemovesEverySessionOfTheIdentityOnly() {
        TenantId tenant = newTenant();
        identity(tenant, "u");
        identity(tenant, "v");
        Set<String> ofU = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ofU.add(createSession.create(tenant, "u").session().id().toString());
        }
        String ofV = createSession.create(tenant, "v").refreshToken().reveal();

        assertThat(revokeAll.revokeAll(tenant, "u")).isEqualTo(3);
        assertThat(revokeAll.revokeAll(tenant, "u")).isZero();
        assertThat(sessionEntries(tenant)).containsExactlyInAnyOrderElementsOf(ofU);
        signOut.signOut(ofV);
        assertCode(ErrorCode.NOT_FOUND, () -> revokeAll.revokeAll(tenant, "nobody"));
    }

    @Test
    void deletingAnIdentityRevokesItsSessions() {
        TenantId tenant = newTenant();
        identity(tenant, "u");
        CreateSession.Created a = createSession.create(tenant, "u");
        CreateSession.Created b = createSession.create(tenant, "u");
        deleteIdentity.delete(tenant, "u");

        assertThat(sessionEntries(tenant))
                .containsExactlyInAnyOrder(
                        a.session().id().toString(), b.session().id().toString());
        assertCode(
                ErrorCode.UNAUTHORIZED, () -> signOut.signOut(a.refreshToken().reveal()));
        assertCode(ErrorCode.NOT_FOUND, () -> createSession.create(tenant, "u"));
        // a new identity with the same externalId starts without sessions
        identity(tenant, "u");
        assertThat(revokeAll.revokeAll(tenant, "u")).isZero();
    }

    @Test
    void revokeAllRacingThirtySingleDeletesAndThirtySignOutsRecordsEverySessionOnce() {
        TenantId tenant = newTenant();
        identity(tenant, "busy");
        List<CreateSession.Created> sessions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sessions.add(createSession.create(tenant, "busy"));
        }
        // all 62 contenders start on one latch: two revoke-alls, 30 single deletes, 30 sign-outs
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> revokeAll.revokeAll(tenant, "busy"));
        for (int i = 0; i < 30; i++) {
            String id = sessions.get(i).session().id().toString();
            tasks.add(() -> {
                revokeSession.revoke(tenant, "busy", id);
                return 1;
            });
            String token = sessions.get(30 + i).refreshToken().reveal();
            tasks.add(() -> {
                signOut.signOut(token);
                return 1;
            });
        }
        tasks.add(() -> revokeAll.revokeAll(tenant, "busy"));
        List<Outcome<Integer>> outcomes = runTogether(tasks);

        assertNoUnexpected(outcomes, DomainException.class);
        for (Outcome<Integer> o : outcomes) {
            if (!o.ok()) {
                assertThat(codeOf(o.error())).isIn(ErrorCode.NOT_FOUND, ErrorCode.UNAUTHORIZED);
            }
        }
        int removedBySomeone =
                outcomes.stream().filter(Outcome::ok).mapToInt(Outcome::value).sum();
        assertThat(removedBySomeone)
                .as("every session removed by exactly one caller")
                .isEqualTo(60);
        List<String> entries = sessionEntries(tenant);
        assertThat(entries)
                .hasSize(60)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        sessions.stream().map(s -> s.session().id().toString()).toList());
    }

    @Test
    void singleDeleteAndSignOutBehindAnOpenRevokeAllFindNothingAndRecordNothing() throws Exception {
        TenantId tenant = newTenant();
        Identity u = identity(tenant, "u");
        CreateSession.Created a = createSession.create(tenant, "u");
        CreateSession.Created b = createSession.create(tenant, "u");
        // the race is forced: a revoke-all removes both rows and parks inside its unit (their row locks
        // held); the single delete and the sign-out then start, and only once both are queued on those
        // locks is the revoke-all let go: they must end as "gone"
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> bulk = inFlightWriter(
                storage,
                tenant,
                unit -> {
                    List<UUID> removed = unit.sessions().deleteAllOf(tenant, u.id());
                    unit.deletionLog()
                            .recordAll(
                                    tenant,
                                    DeletionKind.SESSION,
                                    removed.stream().map(Object::toString).toList());
                    return null;
                },
                release);
        CompletableFuture<Void> single = CompletableFuture.runAsync(
                () -> revokeSession.revoke(tenant, "u", a.session().id().toString()));
        CompletableFuture<Void> out = CompletableFuture.runAsync(
                () -> signOut.signOut(b.refreshToken().reveal()));
        awaitLockWaiters(storage, 2, "the single delete and the sign-out wait for the revoke-all");
        assertThat(single).isNotDone();
        assertThat(out).isNotDone();
        release.countDown();
        bulk.get(10, TimeUnit.SECONDS);
        assertFailsWith(single, ErrorCode.NOT_FOUND);
        assertFailsWith(out, ErrorCode.UNAUTHORIZED);
        assertThat(sessionEntries(tenant))
                .containsExactlyInAnyOrder(
                        a.session().id().toString(), b.session().id().toString());
    }

    @Test
    void sessionCreatedWhileItsIdentityIsBeingDeletedNeverOutlivesIt() {
        for (int round = 0; round < 5; round++) {
            TenantId tenant = newTenant();
            identity(tenant, "d");
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(() -> createSession.create(tenant, "d").refreshToken().reveal());
            }
            tasks.add(() -> {
                deleteIdentity.delete(tenant, "d");
                return null;
            });
            List<Outcome<String>> outcomes = runTogether(tasks);
            assertNoUnexpected(outcomes, DomainException.class);
            outcomes.stream().filter(o -> !o.ok()).forEach(o -> assertThat(codeOf(o.error()))
                    .isEqualTo(ErrorCode.NOT_FOUND));
            // every session that was created went with the identity: none can sign out any more
            for (Outcome<String> o : outcomes.subList(0, 6)) {
                if (o.ok()) {
                    assertCode(ErrorCode.UNAUTHORIZED, () -> signOut.signOut(o.value()));
                }
            }
            long created = outcomes.subList(0, 6).stream().filter(Outcome::ok).count();
            assertThat(sessionEntries(tenant)).hasSize((int) created);
        }
    }

    @Test
    void sessionsOfAnotherTenantAreUntouchedByRevokeAll() {
        TenantId one = newTenant();
        TenantId two = newTenant();
        identity(one, "same");
        identity(two, "same");
        createSession.create(one, "same");
        String token = createSession.create(two, "same").refreshToken().reveal();
        assertThat(revokeAll.revokeAll(one, "same")).isEqualTo(1);
        signOut.signOut(token);
        assertThat(sessionEntries(two)).hasSize(1);
        assertThat(storage.changeLogQueries().deletionsAfter(one, 0, 10)).hasSize(1);
    }
}
