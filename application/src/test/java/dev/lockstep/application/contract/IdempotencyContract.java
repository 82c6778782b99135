package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.ListFeedbackRecords;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.application.idempotency.RemoveExpiredAnswers;
import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.ListIdentities;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.idempotency.IdempotencyKey;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The {@code Idempotency-Key} on one storage adapter (API.md, "Idempotency"): the answer is stored
 * with the write, a replay runs nothing twice, a different request is refused, a request while the
 * first still runs is refused as in progress, a failure stores nothing, answers expire and go with
 * a purge.
 */
public abstract class IdempotencyContract extends TenantDataContractSupport {

    private static final Duration TTL = Duration.ofHours(24);

    /** A clock the test moves by hand, for the expiry. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static IdempotencyScope scope(TenantId tenant, String key) {
        return new IdempotencyScope(tenant, "contract-key", IdempotencyKey.of(key));
    }

    private static <T> Idempotency<T> keyed(IdempotencyScope scope, String fingerprint, Clock clock) {
        return Idempotency.keyed(
                scope,
                fingerprint,
                (T result) -> new Idempotency.Answer(201, "{\"answer\":\"" + result + "\"}"),
                new IdempotencySettings(TTL),
                clock);
    }

    private Identity createIdentity(TenantId tenant, String externalId, Idempotency<Identity> idempotency) {
        return new CreateIdentity(storage.tenantWriteLocks(), IDS, CLOCK)
                .create(tenant, new CreateIdentity.Command(externalId, Map.of(), null), idempotency);
    }

    private long identities(TenantId tenant) {
        return new ListIdentities(storage.identityQueries())
                .list(tenant, new PageRequest(100, null))
                .items()
                .size();
    }

    private long records(TenantId tenant) {
        return new ListFeedbackRecords(storage.feedbackRecordQueries())
                .list(tenant, new PageRequest(100, null))
                .items()
                .size();
    }

    private static IdempotentReplay replayOf(Runnable call) {
        try {
            call.run();
        } catch (IdempotentReplay replay) {
            return replay;
        }
        throw new AssertionError("expected a replay of the stored answer");
    }

    @Test
    void theSameRequestAgainGetsTheStoredAnswerAndNothingRunsTwice() {
        TenantId tenant = newTenant();
        Idempotency<Identity> idem = keyed(scope(tenant, "create-1"), "fp-1", CLOCK);
        Identity created = createIdentity(tenant, "user-1", idem);

        IdempotentReplay replay = replayOf(() -> createIdentity(tenant, "user-1", idem));

        assertThat(replay.answer().status()).isEqualTo(201);
        assertThat(replay.answer().body()).isEqualTo("{\"answer\":\"" + created + "\"}");
        assertThat(replay.answer().fingerprint()).isEqualTo("fp-1");
        assertThat(identities(tenant)).isEqualTo(1);
        assertThat(allAuditEvents(storage, tenant))
                .as("exactly one identity.create")
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.IDENTITY_CREATE));
    }

    @Test
    void aKeyedSelfGatingCreateCommitsItsAnswerWithItsRowAndIsReplayed() {
        TenantId tenant = newTenant();
        CreateFeedbackRecord create =
                new CreateFeedbackRecord(storage.feedbackRecordGatedCreate(), storage.tenantWriteLocks(), IDS, CLOCK);
        Idempotency<FeedbackRecord> idem = keyed(scope(tenant, "record-1"), "fp-r", CLOCK);
        FeedbackRecord created = create.create(tenant, null, payload("n", 1), idem);

        IdempotentReplay replay = replayOf(() -> create.create(tenant, null, payload("n", 1), idem));

        assertThat(replay.answer().body()).contains(created.id().toString());
        assertThat(records(tenant)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentRequestIsRefusedAndAnotherCallersKeyIsAnotherRequest() {
        TenantId tenant = newTenant();
        createIdentity(tenant, "user-1", keyed(scope(tenant, "k"), "fp-1", CLOCK));

        assertCode(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                () -> createIdentity(tenant, "user-2", keyed(scope(tenant, "k"), "fp-2", CLOCK)));
        assertThat(identities(tenant)).isEqualTo(1);

        IdempotencyScope otherCaller = new IdempotencyScope(tenant, "other-key", IdempotencyKey.of("k"));
        createIdentity(tenant, "user-2", keyed(otherCaller, "fp-2", CLOCK));
        TenantId otherTenant = newTenant();
        createIdentity(otherTenant, "user-1", keyed(scope(otherTenant, "k"), "fp-1", CLOCK));
        assertThat(identities(tenant)).isEqualTo(2);
        assertThat(identities(otherTenant)).isEqualTo(1);
    }

    @Test
    void aRequestWhileTheFirstStillRunsIsRefusedAsInProgressAndThenReplayed() {
        // the race is forced: the first request parks inside its work, holding its unit (and so its
        // claim) open on another thread, until the second has been answered
        TenantId tenant = newTenant();
        IdempotencyScope scope = scope(tenant, "slow");
        Idempotency<String> idem = keyed(scope, "fp", CLOCK);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks()
                .write(
                        tenant,
                        unit -> idem.run(unit, () -> {
                            unit.auditLog().record(tenant, AuditAction.IDENTITY_CREATE, "slow", Map.of());
                            inside.countDown();
                            await(release);
                            return "first";
                        })));
        awaitOrFail(inside, first);

        assertCode(ErrorCode.REQUEST_IN_PROGRESS, () -> storage.tenantWriteLocks()
                .write(
                        tenant,
                        unit -> idem.run(unit, () -> {
                            throw new AssertionError("the second request must not run");
                        })));
        assertThat(ErrorCode.REQUEST_IN_PROGRESS.retryable()).isTrue();

        release.countDown();
        assertThat(first.join()).isEqualTo("first");
        IdempotentReplay replay = replayOf(() -> storage.tenantWriteLocks()
                .write(
                        tenant,
                        unit -> idem.run(unit, () -> {
                            throw new AssertionError("a replay must not run");
                        })));
        assertThat(replay.answer().body()).isEqualTo("{\"answer\":\"first\"}");
        assertThat(allAuditEvents(storage, tenant)).hasSize(1);
    }

    @Test
    void aFailedRequestStoresNothingSoTheKeyServesACorrectedRetry() {
        TenantId tenant = newTenant();
        UpdateFeedbackRecord update = new UpdateFeedbackRecord(storage.tenantWriteLocks(), CLOCK);
        UUID missing = IDS.newId();

        assertCode(
                ErrorCode.NOT_FOUND,
                () -> update.update(tenant, missing, payload("n", 2), keyed(scope(tenant, "retry"), "fp-bad", CLOCK)));
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> update.update(tenant, missing, payload("n", 2), keyed(scope(tenant, "retry"), "fp-bad", CLOCK)));

        FeedbackRecord existing = createRecord(tenant, null);
        FeedbackRecord updated =
                update.update(tenant, existing.id(), payload("n", 2), keyed(scope(tenant, "retry"), "fp-good", CLOCK));
        assertThat(updated.payload()).isEqualTo(payload("n", 2));
    }

    @Test
    void anExpiredAnswerCountsAsAbsentAndIsOverwritten() {
        TenantId tenant = newTenant();
        HandClock clock = new HandClock();
        IdempotencyScope scope = scope(tenant, "expiring");
        createIdentity(tenant, "user-1", keyed(scope, "fp-1", clock));

        clock.advance(TTL.minusSeconds(1));
        assertThat(replayOf(() -> createIdentity(tenant, "user-1", keyed(scope, "fp-1", clock)))
                        .answer()
                        .fingerprint())
                .isEqualTo("fp-1");

        clock.advance(Duration.ofSeconds(2));
        Identity second = createIdentity(tenant, "user-2", keyed(scope, "fp-2", clock));
        assertThat(identities(tenant))
                .as("the expired answer no longer holds the key")
                .isEqualTo(2);
        assertThat(replayOf(() -> createIdentity(tenant, "user-2", keyed(scope, "fp-2", clock)))
                        .answer()
                        .body())
                .as("the new answer overwrote the expired one")
                .isEqualTo("{\"answer\":\"" + second + "\"}");
    }

    @Test
    void aPurgeRemovesTheTenantsAnswersWithoutANewCategory() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        createIdentity(tenant, "user-1", keyed(scope(tenant, "k"), "fp", CLOCK));
        createIdentity(other, "user-1", keyed(scope(other, "k"), "fp", CLOCK));

        PurgeTenantData.Result result = new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant);
        assertThat(result.deleted()).containsOnlyKeys(PurgeCategory.values());
        assertThat(result.deleted().get(PurgeCategory.IDENTITIES)).isEqualTo(1L);

        createIdentity(tenant, "user-1", keyed(scope(tenant, "k"), "fp", CLOCK));
        assertThat(identities(tenant)).as("the key ran again after the purge").isEqualTo(1);
        assertThatThrownBy(() -> createIdentity(other, "user-1", keyed(scope(other, "k"), "fp", CLOCK)))
                .as("another tenant's answers stay")
                .isInstanceOf(IdempotentReplay.class);
    }

    @Test
    void theSweepRemovesExpiredAnswersAndKeepsLiveOnes() {
        TenantId tenant = newTenant();
        Instant t0 = Instant.parse("2001-01-01T00:00:00Z");
        IdempotencyScope old = scope(tenant, "swept");
        IdempotencyScope young = scope(tenant, "kept");
        createIdentity(tenant, "user-old", keyed(old, "fp-old", Clock.fixed(t0, ZoneOffset.UTC)));
        createIdentity(
                tenant,
                "user-young",
                keyed(young, "fp-young", Clock.fixed(t0.plus(Duration.ofHours(20)), ZoneOffset.UTC)));

        long removed = new RemoveExpiredAnswers(
                        storage.expiredAnswers(), Clock.fixed(t0.plus(TTL).plusSeconds(1), ZoneOffset.UTC))
                .run();

        assertThat(removed).as("the expired answer went").isGreaterThanOrEqualTo(1);
        Clock bothLive = Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC);
        assertThat(replayOf(() -> createIdentity(tenant, "user-young", keyed(young, "fp-young", bothLive)))
                        .answer()
                        .fingerprint())
                .as("the live answer stays")
                .isEqualTo("fp-young");
        assertThatThrownBy(() -> createIdentity(tenant, "user-old", keyed(old, "fp-old", bothLive)))
                .as("the swept answer is gone: the request runs again and meets the identity it made")
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDENTITY_EXISTS));
    }
}
