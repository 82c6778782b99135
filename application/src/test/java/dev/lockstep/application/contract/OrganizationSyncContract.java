package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.org.ApplyOrganizationEvent;
import dev.lockstep.application.org.ApplyOrganizationEvent.Result;
import dev.lockstep.application.org.FindOrganizationBySlug;
import dev.lockstep.application.org.GetOrganization;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.org.EventOutcome;
import dev.lockstep.domain.org.IdpDirectory;
import dev.lockstep.domain.org.IdpUnavailableException;
import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationEvent;
import dev.lockstep.domain.org.OrganizationEvent.Type;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.Slugs;
import dev.lockstep.domain.tenant.UnitWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The org-sync port family: {@link ApplyOrganizationEvent} over each adapter's {@link
 * OrganizationStore}, with a fake {@link IdpDirectory}. Races are forced either by holding a unit of
 * work open on another thread (latches) or by releasing many threads together on one latch.
 */
public abstract class OrganizationSyncContract extends ContractSupport {

    private static final IdGenerator IDS = new UuidIdGenerator();
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    private static final AtomicLong ULID_CLOCK = new AtomicLong(T0.toEpochMilli());

    private final RecordingIdpDirectory directory = new RecordingIdpDirectory();

    private ApplyOrganizationEvent apply(IdpDirectory to) {
        return new ApplyOrganizationEvent(storage.organizationSync(), IDS, Clock.systemUTC(), to);
    }

    private Result apply(OrganizationEvent event) {
        return apply(directory).apply(event);
    }

    private OrganizationQueries organizations() {
        return storage.organizationQueries();
    }

    /** Runs {@code work} as an event unit of {@code idpId} (the organization's lock held). */
    private <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work) {
        return storage.organizationSync().serialized(idpId, work);
    }

    /**
     * Runs {@code work} in an event unit of {@code idpId} on another thread and parks there, holding
     * the organization's lock (and whatever {@code work} took), until {@code release} opens. Returns
     * once {@code work} has run.
     */
    private CompletableFuture<Void> parkedEventUnit(
            String idpId, Consumer<OrganizationStore> work, CountDownLatch release) {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Void> unit = CompletableFuture.runAsync(() -> serialized(idpId, orgs -> {
            work.accept(orgs);
            holding.countDown();
            await(release);
            return null;
        }));
        awaitOrFail(holding, unit);
        return unit;
    }

    /** A fresh WorkOS-shaped event id {@code event_<ULID>}, greater than every earlier one. */
    private static String nextEventId() {
        long ms = ULID_CLOCK.incrementAndGet();
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        StringBuilder s = new StringBuilder();
        // 48-bit time in 10 characters, then 16 random characters
        for (int i = 9; i >= 0; i--) {
            s.append(alphabet.charAt((int) ((ms >>> (5 * i)) & 31)));
        }
        Random r = new Random(ms);
        for (int i = 0; i < 16; i++) {
            s.append(alphabet.charAt(r.nextInt(32)));
        }
        return "event_" + s;
    }

    private static String newIdpId() {
        return "org_" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    /** A name no other test uses, so slugs do not collide across tests of one class. */
    private static String uniqueName(String prefix) {
        return prefix + " " + Long.toString(Math.abs(new Random().nextLong()), 36);
    }

    private static OrganizationEvent event(
            Type type, String idpId, String name, String externalId, List<String> domains, Instant updatedAt) {
        return new OrganizationEvent(nextEventId(), type, idpId, name, externalId, domains, updatedAt);
    }

    private static OrganizationEvent event(Type type, String idpId, String name, Instant updatedAt) {
        return event(type, idpId, name, null, List.of(), updatedAt);
    }

    private Organization stored(UUID id) {
        return new GetOrganization(storage.organizationQueries()).get(id.toString());
    }

    @Test
    void createUpdateAndDeleteEventsAreAppliedInTurn() {
        String idp = newIdpId();
        String name = uniqueName("Acme Corp");
        Result created = apply(event(Type.CREATED, idp, name, null, List.of("acme.io"), T0));
        assertThat(created.outcome()).isEqualTo(EventOutcome.CREATED);
        assertThat(created.organizationId()).isEqualTo(IDS.organizationId(idp));
        Organization org = stored(created.organizationId());
        assertThat(org.idpId()).isEqualTo(idp);
        assertThat(org.name()).isEqualTo(name);
        assertThat(org.slug()).isEqualTo(Slugs.fromName(name));
        assertThat(org.domains()).containsExactly("acme.io");
        assertThat(org.deleted()).isFalse();
        assertThat(org.idpUpdatedAt()).isEqualTo(T0);

        OrganizationEvent update =
                event(Type.UPDATED, idp, name, null, List.of("acme.io", "acme.eu"), T0.plusSeconds(10));
        assertThat(apply(update)).isEqualTo(new Result(EventOutcome.UPDATED, created.organizationId()));
        org = stored(created.organizationId());
        assertThat(org.domains()).containsExactly("acme.io", "acme.eu");
        assertThat(org.lastEventId()).isEqualTo(update.eventId());

        assertThat(apply(event(Type.DELETED, idp, name, T0.plusSeconds(20))).outcome())
                .isEqualTo(EventOutcome.DELETED);
        assertThat(stored(created.organizationId()).deleted()).isTrue();
        // a deleted organization is still readable, by id and by slug
        assertThat(new FindOrganizationBySlug(storage.organizationQueries()).find(org.slug()))
                .map(Organization::id)
                .contains(created.organizationId());
    }

    @Test
    void renameKeepsTheSlugChosenAtCreation() {
        String idp = newIdpId();
        String name = uniqueName("Initech");
        UUID id = apply(event(Type.CREATED, idp, name, T0)).organizationId();
        String slug = stored(id).slug();

        assertThat(apply(event(Type.UPDATED, idp, "Initrode Global Holdings", T0.plusSeconds(1)))
                        .outcome())
                .isEqualTo(EventOutcome.UPDATED);

        Organization renamed = stored(id);
        assertThat(renamed.name()).isEqualTo("Initrode Global Holdings");
        assertThat(renamed.slug()).isEqualTo(slug);
        assertThat(new FindOrganizationBySlug(storage.organizationQueries()).find(slug))
                .map(Organization::name)
                .contains("Initrode Global Holdings");
        assertThat(new FindOrganizationBySlug(storage.organizationQueries()).find("initrode-global-holdings"))
                .isEmpty();
    }

    @Test
    void duplicateAndStaleEventsChangeNothing() {
        String idp = newIdpId();
        String name = uniqueName("Hooli");
        OrganizationEvent create = event(Type.CREATED, idp, name, T0);
        OrganizationEvent older = event(Type.UPDATED, idp, name + " old", T0.plusSeconds(1));
        OrganizationEvent newer = event(Type.UPDATED, idp, name + " new", T0.plusSeconds(2));
        UUID id = apply(create).organizationId();
        assertThat(apply(newer).outcome()).isEqualTo(EventOutcome.UPDATED);
        Organization before = stored(id);

        assertThat(apply(newer)).isEqualTo(new Result(EventOutcome.SKIPPED_DUPLICATE, id));
        assertThat(apply(older)).isEqualTo(new Result(EventOutcome.SKIPPED_STALE, id));
        assertThat(apply(create)).isEqualTo(new Result(EventOutcome.SKIPPED_STALE, id));
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void staleUpdateAfterDeleteDoesNotReviveTheOrganization() {
        String idp = newIdpId();
        String name = uniqueName("Umbrella");
        OrganizationEvent create = event(Type.CREATED, idp, name, T0);
        OrganizationEvent lateUpdate = event(Type.UPDATED, idp, name + " Renamed", T0.plusSeconds(1));
        OrganizationEvent delete = event(Type.DELETED, idp, name, T0.plusSeconds(2));
        UUID id = apply(create).organizationId();
        assertThat(apply(delete).outcome()).isEqualTo(EventOutcome.DELETED);

        assertThat(apply(lateUpdate)).isEqualTo(new Result(EventOutcome.SKIPPED_STALE, id));

        Organization org = stored(id);
        assertThat(org.deleted()).isTrue();
        assertThat(org.name()).isEqualTo(name);
        assertThat(org.lastEventId()).isEqualTo(delete.eventId());
    }

    @Test
    void deletionSeenFirstLeavesATombstoneThatLateEventsCannotRevive() {
        String idp = newIdpId();
        String name = uniqueName("Vandelay");
        OrganizationEvent create = event(Type.CREATED, idp, name, T0);
        OrganizationEvent delete = event(Type.DELETED, idp, name, T0.plusSeconds(5));

        Result tombstone = apply(delete);
        assertThat(tombstone).isEqualTo(new Result(EventOutcome.DELETED, IDS.organizationId(idp)));
        assertThat(apply(create).outcome()).isEqualTo(EventOutcome.SKIPPED_STALE);
        assertThat(stored(tombstone.organizationId()).deleted()).isTrue();
        assertThat(directory.pushes()).noneMatch(p -> p.idpId().equals(idp)); // nothing to tell a deleted organization
    }

    @Test
    void tenConcurrentCreatesOfOneNameGetTheSmallestFreeSuffixes() {
        // ten different IdP organizations with one name, released together on one latch: every create
        // competes for the same base slug's lock, and each must get its own slug without an error
        String name = uniqueName("Globex");
        String base = Slugs.fromName(name);
        List<Callable<Result>> creates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            OrganizationEvent e = event(Type.CREATED, newIdpId(), name, T0);
            creates.add(() -> apply(e));
        }
        List<Outcome<Result>> outcomes = runTogether(creates);

        assertNoUnexpected(outcomes);
        List<String> slugs = new ArrayList<>();
        for (Outcome<Result> o : outcomes) {
            assertThat(o.value().outcome()).isEqualTo(EventOutcome.CREATED);
            slugs.add(stored(o.value().organizationId()).slug());
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            expected.add(Slugs.candidate(base, n));
        }
        assertThat(slugs).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).startsWith(base, base + "-2").endsWith(base + "-10");
    }

    @Test
    void longAndUnusableNamesStillGetValidDistinctSlugs() {
        String longName = uniqueName("Z").replace(" ", "") + " " + "Very Long Name ".repeat(8);
        String first = stored(
                        apply(event(Type.CREATED, newIdpId(), longName, T0)).organizationId())
                .slug();
        String second = stored(
                        apply(event(Type.CREATED, newIdpId(), longName, T0)).organizationId())
                .slug();
        assertThat(first).hasSizeLessThanOrEqualTo(63).isEqualTo(Slugs.fromName(longName));
        assertThat(second).hasSizeLessThanOrEqualTo(63).isEqualTo(Slugs.candidate(first, 2));

        String unusable = stored(
                        apply(event(Type.CREATED, newIdpId(), "東京株式会社", T0)).organizationId())
                .slug();
        assertThat(unusable).startsWith(Slugs.FALLBACK);
        assertThat(Slugs.isValid(unusable)).isTrue();
    }

    @Test
    void shuffledReplayWithDuplicatesConvergesToTheInOrderState() {
        // a realistic stream of one organization: create, renames and domain changes, delete
        List<OrganizationEvent> template = new ArrayList<>();
        template.add(event(Type.CREATED, "X", "Stark Industries", null, List.of("stark.com"), T0));
        template.add(event(
                Type.UPDATED, "X", "Stark Industries", null, List.of("stark.com", "stark.io"), T0.plusSeconds(60)));
        template.add(event(Type.UPDATED, "X", "Stark Enterprises", null, List.of("stark.io"), T0.plusSeconds(120)));
        template.add(event(
                Type.UPDATED,
                "X",
                "Stark Enterprises",
                null,
                List.of("stark.io", "starkexpo.com"),
                T0.plusSeconds(180)));
        template.add(event(
                Type.DELETED,
                "X",
                "Stark Enterprises",
                null,
                List.of("stark.io", "starkexpo.com"),
                T0.plusSeconds(180)));
        List<String> names =
                template.stream().map(OrganizationEvent::name).distinct().toList();

        Organization inOrder = replay(template, new Random(0), false, false);
        assertThat(inOrder.deleted()).isTrue();
        for (int seed = 1; seed <= 6; seed++) {
            Organization shuffled = replay(template, new Random(seed), true, seed % 2 == 0);
            assertThat(state(shuffled)).as("seed %d", seed).isEqualTo(state(inOrder));
            // the slug is fixed by whichever event created our row first; it never follows a rename
            assertThat(names.stream().map(Slugs::fromName)).as("seed %d", seed).anyMatch(shuffled.slug()::startsWith);
        }
    }

    /** Replays the stream for a fresh IdP organization, optionally shuffled with duplicates, optionally concurrently. */
    private Organization replay(
            List<OrganizationEvent> template, Random random, boolean shuffle, boolean concurrently) {
        String idp = newIdpId();
        List<OrganizationEvent> stream = new ArrayList<>();
        for (OrganizationEvent e : template) {
            OrganizationEvent forIdp = new OrganizationEvent(
                    e.eventId(), e.type(), idp, e.name(), e.externalId(), e.domains(), e.idpUpdatedAt());
            stream.add(forIdp);
            if (shuffle && random.nextBoolean()) {
                stream.add(forIdp); // the IdP delivers at least once
            }
        }
        if (shuffle) {
            Collections.shuffle(stream, random);
        }
        if (concurrently) {
            List<Callable<Result>> tasks = new ArrayList<>();
            for (OrganizationEvent e : stream) {
                tasks.add(() -> apply(e));
            }
            assertNoUnexpected(runTogether(tasks));
        } else {
            for (OrganizationEvent e : stream) {
                apply(e);
            }
        }
        return stored(IDS.organizationId(idp));
    }

    /** Everything an event stream decides (ids, slug and our timestamps depend on the replay). */
    private static List<Object> state(Organization o) {
        return List.of(o.name(), o.domains(), o.deleted(), o.lastEventId(), o.idpUpdatedAt());
    }

    @Test
    void externalIdOfOursLinksTheEventToThatOrganization() {
        String oldIdp = newIdpId();
        String name = uniqueName("Wayne");
        UUID id = apply(event(Type.CREATED, oldIdp, name, T0)).organizationId();

        // the IdP recreated the organization under a new id but kept our id as its external_id
        String newIdp = newIdpId();
        Result result =
                apply(event(Type.CREATED, newIdp, name + " Enterprises", id.toString(), List.of(), T0.plusSeconds(1)));

        assertThat(result).isEqualTo(new Result(EventOutcome.UPDATED, id));
        assertThat(stored(id).idpId()).isEqualTo(newIdp);
        assertThat(stored(id).name()).isEqualTo(name + " Enterprises");
        assertThat(apply(event(Type.UPDATED, newIdp, name + " Ltd", T0.plusSeconds(2))))
                .isEqualTo(new Result(EventOutcome.UPDATED, id));
    }

    @Test
    void organizationRecreatedAtTheIdpWithOurIdIsLiveAgain() {
        String oldIdp = newIdpId();
        String name = uniqueName("Gringotts");
        UUID id = apply(event(Type.CREATED, oldIdp, name, T0)).organizationId();
        OrganizationEvent oldDelete = event(Type.DELETED, oldIdp, name, T0.plusSeconds(1));
        assertThat(apply(oldDelete).outcome()).isEqualTo(EventOutcome.DELETED);

        String newIdp = newIdpId();
        Result recreated = apply(event(Type.CREATED, newIdp, name, id.toString(), List.of(), T0.plusSeconds(2)));

        assertThat(recreated).isEqualTo(new Result(EventOutcome.UPDATED, id));
        Organization org = stored(id);
        assertThat(org.deleted()).isFalse();
        assertThat(org.idpId()).isEqualTo(newIdp);
        // a late redelivery of the old deletion (it resolves to the same id) is stale: still live
        assertThat(apply(oldDelete)).isEqualTo(new Result(EventOutcome.SKIPPED_STALE, id));
        assertThat(stored(id).deleted()).isFalse();
        assertThat(stored(id).idpId()).isEqualTo(newIdp);
    }

    @Test
    void unknownExternalIdThatIsAUuidBecomesOurIdWithoutAPush() {
        String idp = newIdpId();
        UUID theirs = UUID.randomUUID();
        Result result = apply(event(Type.CREATED, idp, uniqueName("Cyberdyne"), theirs.toString(), List.of(), T0));
        assertThat(result).isEqualTo(new Result(EventOutcome.CREATED, theirs));
        assertThat(stored(theirs).idpId()).isEqualTo(idp);
        assertThat(stored(theirs).externalIdPushPending()).isFalse();
        assertThat(directory.pushes()).noneMatch(p -> p.idpId().equals(idp));
    }

    @Test
    void unknownExternalIdThatIsNotAUuidIsRejectedAndNothingIsStored() {
        String idp = newIdpId();
        assertThatThrownBy(() -> apply(event(Type.CREATED, idp, uniqueName("Tyrell"), "crm-4711", List.of(), T0)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(organizations().findById(IDS.organizationId(idp))).isEmpty();
        // the same organization without that external_id is created normally afterwards
        assertThat(apply(event(Type.CREATED, idp, uniqueName("Tyrell"), T0)).outcome())
                .isEqualTo(EventOutcome.CREATED);
    }

    @Test
    void createWithoutExternalIdPushesOurIdToTheIdpOnce() {
        String idp = newIdpId();
        UUID id = apply(event(Type.CREATED, idp, uniqueName("Soylent"), T0)).organizationId();
        apply(event(Type.UPDATED, idp, uniqueName("Soylent"), T0.plusSeconds(1)));
        assertThat(directory.pushes())
                .filteredOn(p -> p.idpId().equals(idp))
                .containsExactly(new RecordingIdpDirectory.Push(idp, id));
        assertThat(stored(id).externalIdPushPending()).isFalse();
    }

    @Test
    void aBugInThePushIsReportedAsSuchWhileTheEventStandsAndThePushStaysPending() {
        // an IdP that cannot be reached is expected (retried with the next event); a programming error
        // in the push is not: it must reach the caller, who logs it as an error with the request id,
        // instead of passing for an unavailable IdP. The organization has committed either way.
        String idp = newIdpId();
        IllegalStateException bug = new IllegalStateException("a bug in the push");
        ApplyOrganizationEvent sync = apply((idpId, id) -> {
            throw bug;
        });

        Result created = sync.apply(event(Type.CREATED, idp, uniqueName("Initech"), T0));
        assertThat(created.outcome()).isEqualTo(EventOutcome.CREATED);
        assertThat(created.unexpectedPushFailure()).containsSame(bug);
        assertThat(stored(created.organizationId()).externalIdPushPending()).isTrue();

        Result unavailable = apply((idpId, id) -> {
                    throw new IdpUnavailableException("IdP answered 503", null);
                })
                .apply(event(Type.UPDATED, idp, uniqueName("Initech"), T0.plusSeconds(1)));
        assertThat(unavailable.outcome()).isEqualTo(EventOutcome.UPDATED);
        assertThat(unavailable.unexpectedPushFailure())
                .as("an unavailable IdP is expected")
                .isEmpty();
        assertThat(stored(created.organizationId()).externalIdPushPending()).isTrue();
    }

    @Test
    void pushHappensOnlyAfterCommitAndAFailedPushIsRetriedWithTheNextEvent() {
        String idp = newIdpId();
        String name = uniqueName("Oscorp");
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<String> seenAtFirstPush = new AtomicReference<>();
        IdpDirectory failingOnce = (idpId, id) -> {
            if (calls.incrementAndGet() == 1) {
                // from another thread: the row is committed and the organization's lock is free
                seenAtFirstPush.set(committedStateSeenElsewhere(idpId, id));
                throw new IdpUnavailableException("IdP answered 503", null);
            }
        };
        ApplyOrganizationEvent sync = apply(failingOnce);

        OrganizationEvent create = event(Type.CREATED, idp, name, T0);
        Result created = sync.apply(create);
        assertThat(created.outcome()).isEqualTo(EventOutcome.CREATED);
        assertThat(seenAtFirstPush.get()).isEqualTo("committed " + name + ", lock free");
        assertThat(stored(created.organizationId()).externalIdPushPending()).isTrue();

        // the next event of that organization retries the push, even when the event itself is skipped
        assertThat(sync.apply(create).outcome()).isEqualTo(EventOutcome.SKIPPED_DUPLICATE);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(stored(created.organizationId()).externalIdPushPending()).isFalse();

        assertThat(sync.apply(event(Type.UPDATED, idp, name, T0.plusSeconds(1))).outcome())
                .isEqualTo(EventOutcome.UPDATED);
        assertThat(calls.get()).as("nothing left to push").isEqualTo(2);
    }

    private String committedStateSeenElsewhere(String idpId, UUID id) {
        CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> {
            String name = organizations().findById(id).map(Organization::name).orElse("<absent>");
            String lock = serialized(idpId, orgs -> "lock free");
            return "committed " + name + ", " + lock;
        });
        try {
            return probe.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "the organization's lock was still held during the push";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eventsOfOneOrganizationWaitForEachOther() throws Exception {
        // a unit holding the organization's lock is parked on a latch; an event of the same
        // organization must be seen queued on that lock, an event of another organization must not wait
        String idp = newIdpId();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = parkedEventUnit(idp, orgs -> {}, release);
        CompletableFuture<Result> sameOrg =
                CompletableFuture.supplyAsync(() -> apply(event(Type.CREATED, idp, uniqueName("Massive"), T0)));
        assertThat(apply(event(Type.CREATED, newIdpId(), uniqueName("Dynamic"), T0))
                        .outcome())
                .isEqualTo(EventOutcome.CREATED);
        awaitLockWaiters(storage, 1, "the event of the held organization waits for its lock");
        assertThat(sameOrg).as("waits for the held organization lock").isNotDone();
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(sameOrg.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EventOutcome.CREATED);
    }

    @Test
    void createLosingAPrimaryKeyRaceBecomesAnUpdate() throws Exception {
        // two IdP organizations carry the same (new) external_id: the first create is held open right
        // after its insert; the second is seen queued on that uncommitted row (its own insert of the
        // id) before the first commits — and must then update, not fail
        UUID shared = UUID.randomUUID();
        String idpA = newIdpId();
        String idpB = newIdpId();
        OrganizationEvent first = event(Type.CREATED, idpA, uniqueName("Aperture"), shared.toString(), List.of(), T0);
        OrganizationEvent second = event(
                Type.CREATED, idpB, uniqueName("Black Mesa"), shared.toString(), List.of("bm.gov"), T0.plusSeconds(1));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> winner = parkedEventUnit(
                idpA,
                orgs -> assertThat(orgs.insert(NewOrganization.from(first, shared, false, Instant.now())))
                        .isPresent(),
                release);
        CompletableFuture<Result> loser = CompletableFuture.supplyAsync(() -> apply(second));
        awaitLockWaiters(storage, 1, "the second create waits for the first one's row");
        assertThat(loser).isNotDone();
        release.countDown();
        winner.get(10, TimeUnit.SECONDS);

        assertThat(loser.get(10, TimeUnit.SECONDS)).isEqualTo(new Result(EventOutcome.UPDATED, shared));
        Organization org = stored(shared);
        assertThat(org.idpId()).isEqualTo(idpB);
        assertThat(org.domains()).containsExactly("bm.gov");
        assertThat(org.slug()).isEqualTo(Slugs.fromName(first.name()));
    }

    @Test
    void aUnitThatFailsAfterItsInsertLeavesNoOrganizationAndNoSlug() {
        String idp = newIdpId();
        String name = uniqueName("Nakatomi");
        OrganizationEvent e = event(Type.CREATED, idp, name, T0);
        UUID id = IDS.organizationId(idp);
        assertThatThrownBy(() -> serialized(idp, orgs -> {
                    orgs.insert(NewOrganization.from(e, id, true, Instant.now()));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        assertThat(organizations().findById(id)).isEmpty();
        assertThat(organizations().findBySlug(Slugs.fromName(name))).isEmpty();
        assertThat(apply(e)).isEqualTo(new Result(EventOutcome.CREATED, id));
        assertThat(stored(id).slug()).isEqualTo(Slugs.fromName(name));
    }

    @Test
    void readsAnswerNotFoundAndValidationErrors() {
        assertThatThrownBy(() -> new GetOrganization(storage.organizationQueries())
                        .get(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> new GetOrganization(storage.organizationQueries()).get("not-a-uuid"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> new FindOrganizationBySlug(storage.organizationQueries()).find("Not A Slug"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(new FindOrganizationBySlug(storage.organizationQueries())
                        .find("no-such-org-" + UUID.randomUUID().toString().substring(0, 8)))
                .isEmpty();
    }
}
