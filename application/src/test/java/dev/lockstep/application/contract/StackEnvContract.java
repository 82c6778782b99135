package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.DeleteStack;
import dev.lockstep.application.stack.GetStack;
import dev.lockstep.application.stack.ListStacks;
import dev.lockstep.application.stack.MergeStackEnv;
import dev.lockstep.application.stack.TearDownStack;
import dev.lockstep.application.stack.TeardownSettings;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyKey;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.stack.StackStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The env-merging port family: stacks, the atomic env merge, deletion and teardown, on one storage
 * adapter. Races are forced by holding the stack's row lock — from outside the storage with
 * {@link #holdStackRowLock} (a second connection or thread), or from a unit of work of the storage
 * parked on a latch — and otherwise by many threads released together, checked by invariants.
 */
public abstract class StackEnvContract extends ContractSupport {

    /** A held row lock; closing it releases the lock. */
    public interface HeldRowLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds the row lock of {@code slug} the way another client would: PostgreSQL a second connection
     * in {@code BEGIN; SELECT … FOR UPDATE}; memory a unit of work on another thread locking the same
     * key the store locks. Returns once the lock is held.
     */
    protected abstract HeldRowLock holdStackRowLock(StoragePorts storage, TenantId tenant, Slug slug) throws Exception;

    private static final Clock CLOCK = Clock.systemUTC();

    private static Map<String, Object> env(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Stack create(StoragePorts s, TenantId tenant, String slug, Map<String, Object> env) {
        return new CreateStack(s.tenantWriteLocks()).create(tenant, slug, env);
    }

    private Stack get(StoragePorts s, TenantId tenant, String slug) {
        return new GetStack(s.stackQueries()).get(tenant, slug);
    }

    /** One use case per storage, as the server has one: concurrent patches of a stack share its batches. */
    private final Map<StoragePorts, MergeStackEnv> merges = Collections.synchronizedMap(new IdentityHashMap<>());

    private EnvMerge patch(StoragePorts s, TenantId tenant, String slug, Map<String, Object> env) {
        return merges.computeIfAbsent(s, st -> new MergeStackEnv(st.tenantWriteLocks(), StorageSettings.defaults()))
                .merge(tenant, slug, env);
    }

    private List<AuditEvent> audit(StoragePorts s, TenantId tenant) {
        return allAuditEvents(s, tenant);
    }

    private static TearDownStack teardown(StoragePorts s, Duration delay) {
        return new TearDownStack(s.stackQueries(), s.tenantWriteLocks(), CLOCK, new TeardownSettings(delay));
    }

    // ---------------------------------------------------------------- create, read, list

    @Test
    void createdStackIsActiveWithItsEnvAndASecondCreateOfTheSlugConflicts() {
        TenantId tenant = newTenant();
        Stack created = create(storage, tenant, "web", env("B", "2", "A", "1", "EMPTY", ""));
        assertThat(created.status()).isEqualTo(StackStatus.ACTIVE);
        assertThat(created.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));

        Stack read = get(storage, tenant, "web");
        assertThat(read.env()).isEqualTo(created.env());
        assertThat(read.status()).isEqualTo(StackStatus.ACTIVE);

        assertCode(ErrorCode.STACK_EXISTS, () -> create(storage, tenant, "web", null));
        // another tenant may use the same slug
        assertThat(create(storage, newTenant(), "web", null).env()).isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> get(storage, tenant, "nope"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> create(storage, tenant, "Bad_Slug", null));
    }

    @Test
    void concurrentCreatesOfOneSlugMakeExactlyOneStack() {
        // twelve creates of the same slug released together: one wins, the others get stack_exists
        TenantId tenant = newTenant();
        List<Callable<Stack>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String value = "v" + i;
            tasks.add(() -> create(storage, tenant, "same", env("WHO", value)));
        }
        List<Outcome<Stack>> outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes, DomainException.class);
        List<Outcome<Stack>> won = outcomes.stream().filter(Outcome::ok).toList();
        assertThat(won).hasSize(1);
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> assertThat(((DomainException) o.error()).code())
                .isEqualTo(ErrorCode.STACK_EXISTS));
        assertThat(get(storage, tenant, "same").env())
                .isEqualTo(won.get(0).value().env());
    }

    @Test
    void createWithAnEnvOverTheCapIsRefusedAndCreatesNothing() {
        TenantId tenant = newTenant();
        assertCode(
                ErrorCode.ENV_TOO_LARGE,
                () -> create(storage, tenant, "big", env("K", "v".repeat(EnvPatch.MAX_ENV_BYTES))));
        assertCode(ErrorCode.NOT_FOUND, () -> get(storage, tenant, "big"));
    }

    @Test
    void listPagesInSlugOrderWithACursor() {
        TenantId tenant = newTenant();
        for (String slug : List.of("c", "a", "e", "b", "d")) {
            create(storage, tenant, slug, null);
        }
        ListStacks list = new ListStacks(storage.stackQueries());
        Page<Stack> first = list.list(tenant, PageRequest.first(2));
        assertThat(first.items()).extracting(s -> s.slug().value()).containsExactly("a", "b");
        Page<Stack> second = list.list(tenant, new PageRequest(2, first.nextCursor()));
        assertThat(second.items()).extracting(s -> s.slug().value()).containsExactly("c", "d");
        Page<Stack> third = list.list(tenant, new PageRequest(2, second.nextCursor()));
        assertThat(third.items()).extracting(s -> s.slug().value()).containsExactly("e");
        assertThat(third.nextCursor()).isNull();
        assertThat(list.list(newTenant(), PageRequest.first(10)).items()).isEmpty();
        assertCode(ErrorCode.VALIDATION_FAILED, () -> list.list(tenant, new PageRequest(2, "not a slug")));
    }

    // ---------------------------------------------------------------- the merge

    @Test
    void patchSetsNonEmptyValuesDeletesEmptyOrNullAndAuditsHonestCounts() {
        TenantId tenant = newTenant();
        create(storage, tenant, "app", env("B", "old", "C", "old", "KEEP", "k"));

        EnvMerge merge = patch(storage, tenant, "app", env("A", "1", "B", "", "C", null, "ABSENT", null));

        assertThat(merge.env()).containsExactly(Map.entry("A", "1"), Map.entry("KEEP", "k"));
        assertThat(merge.keysSet()).isEqualTo(1);
        assertThat(merge.keysDeleted()).isEqualTo(2);
        assertThat(get(storage, tenant, "app").env()).isEqualTo(merge.env());
        assertThat(audit(storage, tenant)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.STACK_ENV_UPDATE);
            assertThat(e.resourceId()).isEqualTo("app");
            assertThat(e.details()).containsOnlyKeys("keysSet", "keysDeleted");
            assertThat(((Number) e.details().get("keysSet")).longValue()).isEqualTo(1);
            assertThat(((Number) e.details().get("keysDeleted")).longValue()).isEqualTo(2);
        });
    }

    @Test
    void concurrentDisjointPatchesKeepEveryKey() {
        // 48 threads released together, each setting its own key: without the row lock a read-modify-
        // write would lose keys; with it all 48 survive and each PATCH is audited once
        TenantId tenant = newTenant();
        create(storage, tenant, "hot", env("BASE", "0"));
        List<Callable<EnvMerge>> tasks = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String key = "K" + i;
            tasks.add(() -> patch(storage, tenant, "hot", env(key, "v" + key)));
        }
        List<Outcome<EnvMerge>> outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes);

        Map<String, String> finalEnv = get(storage, tenant, "hot").env();
        assertThat(finalEnv).hasSize(49).containsEntry("BASE", "0");
        for (int i = 0; i < 48; i++) {
            assertThat(finalEnv).containsEntry("K" + i, "vK" + i);
        }
        assertThat(audit(storage, tenant)).hasSize(48).allSatisfy(e -> assertThat(e.action())
                .isEqualTo(AuditAction.STACK_ENV_UPDATE));
    }

    @Test
    void mixedSetAndDeleteRacesConvergeToTheStateOfSomeSerialOrder() {
        // 16 threads released together set and delete overlapping keys; each also sets its own marker
        // key, so the env it got back tells how many merges came before it. Ordering the answers by that
        // count must give a chain where each answer is exactly the pure merge of the previous one —
        // i.e. the outcome of one serial order — and the stored env is the end of that chain.
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            TenantId tenant = newTenant();
            Map<String, Object> initial = new LinkedHashMap<>();
            for (int k = 0; k < 6; k++) {
                initial.put("S" + k, "init");
            }
            create(storage, tenant, "mix", initial);
            int n = 16;
            List<Map<String, Object>> patches = new ArrayList<>();
            List<Callable<EnvMerge>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("M" + i, "1");
                for (int k = 0; k < 6; k++) {
                    int choice = random.nextInt(4);
                    if (choice == 1) {
                        p.put("S" + k, "v" + i);
                    } else if (choice == 2) {
                        p.put("S" + k, null);
                    } else if (choice == 3) {
                        p.put("S" + k, "");
                    }
                }
                patches.add(p);
                tasks.add(() -> patch(storage, tenant, "mix", p));
            }
            List<Outcome<EnvMerge>> outcomes = runTogether(tasks);
            assertNoUnexpected(outcomes);

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Integer.compare(
                    markers(outcomes.get(a).value()), markers(outcomes.get(b).value())));
            Map<String, String> state = new TreeMap<>();
            initial.forEach((k, v) -> state.put(k, (String) v));
            Map<String, String> current = state;
            for (int pos = 0; pos < n; pos++) {
                int i = order.get(pos);
                EnvMerge got = outcomes.get(i).value();
                assertThat(markers(got))
                        .as("merge %d saw exactly the merges before it", i)
                        .isEqualTo(pos + 1);
                EnvMerge expected = EnvPatch.fromJson(patches.get(i)).applyTo(current);
                assertThat(got)
                        .as("merge %d is the serial successor of the previous one", i)
                        .isEqualTo(expected);
                current = expected.env();
            }
            assertThat(get(storage, tenant, "mix").env()).isEqualTo(current);
            assertThat(audit(storage, tenant)).hasSize(n);
        }
    }

    private static int markers(EnvMerge merge) {
        return (int)
                merge.env().keySet().stream().filter(k -> k.startsWith("M")).count();
    }

    // ---------------------------------------------------------------- group commit of one stack's merges

    /**
     * Makes one batch happen for real: the stack's row is held from outside, a first merge through
     * {@code m} is seen queued on that row lock (pg_locks / a queued JVM thread), then each request is
     * submitted and seen queued in {@code m} behind that first unit, one after the other, so their
     * arrival order is list order; then the row is released. Returns the futures, the first merge's
     * first.
     */
    private List<CompletableFuture<EnvMerge>> queuedBehindOne(
            MergeStackEnv m,
            TenantId tenant,
            String slug,
            Map<String, Object> first,
            List<Supplier<EnvMerge>> requests,
            ExecutorService pool)
            throws Exception {
        List<CompletableFuture<EnvMerge>> futures = new ArrayList<>();
        try (HeldRowLock held = holdStackRowLock(storage, tenant, Slug.of(slug))) {
            futures.add(CompletableFuture.supplyAsync(() -> m.merge(tenant, slug, first), pool));
            awaitLockWaiters(storage, 1, "the first merge waits for the held row");
            for (int i = 0; i < requests.size(); i++) {
                futures.add(CompletableFuture.supplyAsync(requests.get(i), pool));
                int queued = i + 1;
                awaitTrue(
                        "merge " + i + " is queued behind the first unit",
                        () -> m.queuedMerges(tenant, slug) == queued);
            }
            assertThat(futures).as("nothing answered while the row is held").noneMatch(CompletableFuture::isDone);
        }
        return futures;
    }

    /** The value of a finished merge, or the exception it failed with. */
    private static Object outcome(CompletableFuture<EnvMerge> f) throws Exception {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void sixteenMixedPatchesQueuedBehindOneUnitRunAsOneBatchEqualToTheirSerialOrder() throws Exception {
        // the row is held, a first PATCH waits on it, and 16 PATCHes queue behind that unit (sets,
        // deletes and empty-string deletes of overlapping keys, one over the cap). Released, the first
        // lands alone and the 16 run as ONE batch: the stored env is the serial application of the 16
        // in arrival order without the one over the cap, each answer is the env after its own
        // position, that one answers env_too_large, and each landed patch has its own audit event
        TenantId tenant = newTenant();
        String big = "v".repeat(40_000);
        Map<String, Object> initial = env("BIG", big, "S0", "init", "S1", "init", "S2", "init", "S3", "init");
        create(storage, tenant, "hot", initial);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        MergeStackEnv m = new MergeStackEnv(
                storage.tenantWriteLocks(), StorageSettings.defaults(), (kind, size) -> sizes.add(size));
        Random random = new Random(11);
        int n = 16;
        int overCap = 9;
        List<Map<String, Object>> patches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            if (i == overCap) {
                p.put("MORE", "w".repeat(30_000)); // BIG stays, so this one is over the cap wherever it lands
            }
            p.put("M" + i, "1");
            for (int k = 0; k < 6; k++) {
                int choice = random.nextInt(4);
                if (choice == 1) {
                    p.put("S" + k, "v" + i);
                } else if (choice == 2) {
                    p.put("S" + k, null);
                } else if (choice == 3) {
                    p.put("S" + k, "");
                }
            }
            patches.add(p);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n + 1);
        try {
            List<Supplier<EnvMerge>> requests = new ArrayList<>();
            for (Map<String, Object> p : patches) {
                requests.add(() -> m.merge(tenant, "hot", p));
            }
            Map<String, Object> firstPatch = env("FIRST", "1");
            List<CompletableFuture<EnvMerge>> futures = queuedBehindOne(m, tenant, "hot", firstPatch, requests, pool);

            Map<String, String> current = new TreeMap<>();
            initial.forEach((k, v) -> current.put(k, (String) v));
            EnvMerge first = EnvPatch.fromJson(firstPatch).applyTo(current);
            assertThat(outcome(futures.get(0))).isEqualTo(first);
            List<EnvMerge> landed = new ArrayList<>(List.of(first));
            Map<String, String> state = first.env();
            for (int i = 0; i < n; i++) {
                Object got = outcome(futures.get(i + 1));
                if (i == overCap) {
                    Map<String, String> before = state;
                    assertCode(ErrorCode.ENV_TOO_LARGE, () -> EnvPatch.fromJson(patches.get(overCap))
                            .applyTo(before));
                    assertThat(got)
                            .as("the patch over the cap")
                            .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                                    .isEqualTo(ErrorCode.ENV_TOO_LARGE));
                    continue;
                }
                EnvMerge expected = EnvPatch.fromJson(patches.get(i)).applyTo(state);
                assertThat(got)
                        .as("merge %d answers the env after its own position", i)
                        .isEqualTo(expected);
                landed.add(expected);
                state = expected.env();
            }
            assertThat(sizes).as("the first alone, then the 16 as one batch").containsExactly(1, n);
            assertThat(get(storage, tenant, "hot").env()).isEqualTo(state);
            List<AuditEvent> events = audit(storage, tenant);
            assertThat(events).hasSize(1 + n - 1).allSatisfy(e -> assertThat(e.action())
                    .isEqualTo(AuditAction.STACK_ENV_UPDATE));
            for (int j = 0; j < landed.size(); j++) {
                Map<String, Object> details = events.get(j).details();
                assertThat(((Number) details.get("keysSet")).longValue())
                        .as("audit event %d counts its own patch", j)
                        .isEqualTo(landed.get(j).keysSet());
                assertThat(((Number) details.get("keysDeleted")).longValue())
                        .as("audit event %d counts its own patch", j)
                        .isEqualTo(landed.get(j).keysDeleted());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Idempotency<EnvMerge> keyed(TenantId tenant, String key, String fingerprint) {
        return Idempotency.keyed(
                new IdempotencyScope(tenant, "contract-key", IdempotencyKey.of(key)),
                fingerprint,
                StackEnvContract::answerOf,
                new IdempotencySettings(Duration.ofHours(1)),
                CLOCK);
    }

    private static Idempotency.Answer answerOf(EnvMerge merge) {
        return new Idempotency.Answer(200, merge.env() + " set=" + merge.keysSet() + " deleted=" + merge.keysDeleted());
    }

    @Test
    void keyRefusalsInsideABatchAreTheirOwnAnswersAndNeverFailTheirBatchMates() throws Exception {
        // a keyed PATCH ran; then, queued behind one unit as in the case above, one batch carries its
        // replay, its key with another body, a new key twice, and plain patches: the replay answers
        // the stored answer, the reuse 422, the second use of the new key finds it running, and the
        // others land in that same batch
        TenantId tenant = newTenant();
        create(storage, tenant, "keyed", env("A", "0"));
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        MergeStackEnv m = new MergeStackEnv(
                storage.tenantWriteLocks(), StorageSettings.defaults(), (kind, size) -> sizes.add(size));
        EnvMerge stored = m.merge(tenant, "keyed", env("K1", "1"), keyed(tenant, "k1", "fp-1"));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Supplier<EnvMerge>> requests = List.of(
                    () -> m.merge(tenant, "keyed", env("B", "1")),
                    () -> m.merge(tenant, "keyed", env("K1", "1"), keyed(tenant, "k1", "fp-1")),
                    () -> m.merge(tenant, "keyed", env("K1", "2"), keyed(tenant, "k1", "fp-2")),
                    () -> m.merge(tenant, "keyed", env("C", "1"), keyed(tenant, "k2", "fp-3")),
                    () -> m.merge(tenant, "keyed", env("C", "1"), keyed(tenant, "k2", "fp-3")),
                    () -> m.merge(tenant, "keyed", env("D", "1")));
            List<CompletableFuture<EnvMerge>> futures =
                    queuedBehindOne(m, tenant, "keyed", env("FIRST", "1"), requests, pool);

            assertThat(outcome(futures.get(0))).isInstanceOf(EnvMerge.class);
            assertThat(outcome(futures.get(1))).isInstanceOfSatisfying(EnvMerge.class, e -> assertThat(e.env())
                    .containsOnlyKeys("A", "K1", "FIRST", "B"));
            assertThat(outcome(futures.get(2))).isInstanceOfSatisfying(IdempotentReplay.class, r -> assertThat(
                            r.answer().body())
                    .isEqualTo(answerOf(stored).body()));
            assertThat(codeOf((Throwable) outcome(futures.get(3)))).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            EnvMerge withC = (EnvMerge) outcome(futures.get(4));
            assertThat(withC.env()).containsOnlyKeys("A", "K1", "FIRST", "B", "C");
            assertThat(codeOf((Throwable) outcome(futures.get(5)))).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS);
            assertThat(outcome(futures.get(6))).isInstanceOfSatisfying(EnvMerge.class, e -> assertThat(e.env())
                    .containsOnlyKeys("A", "K1", "FIRST", "B", "C", "D"));

            assertThat(sizes)
                    .as("the keyed PATCH, the first, then one batch of six")
                    .containsExactly(1, 1, 6);
            assertThat(get(storage, tenant, "keyed").env()).containsOnlyKeys("A", "K1", "FIRST", "B", "C", "D");
            assertThat(audit(storage, tenant)).as("K1 once, FIRST, B, C, D").hasSize(5);
            // the new key's answer was stored with its batch
            assertThatThrownBy(() -> m.merge(tenant, "keyed", env("C", "1"), keyed(tenant, "k2", "fp-3")))
                    .isInstanceOfSatisfying(
                            IdempotentReplay.class, r -> assertThat(r.answer().body())
                                    .isEqualTo(answerOf(withC).body()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureOfOneRequestThatIsNoDomainOutcomeSplitsItsBatchAndFailsOnlyThatRequest() throws Exception {
        // one request of a batch carries an answer that cannot be rendered (a failure of its own that
        // aborts the shared unit): the batch is sent again in halves down to that request, so its
        // batch-mates land and only that request fails, leaving nothing of itself
        TenantId tenant = newTenant();
        create(storage, tenant, "split", env("A", "0"));
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        MergeStackEnv m = new MergeStackEnv(
                storage.tenantWriteLocks(), StorageSettings.defaults(), (kind, size) -> sizes.add(size));
        Idempotency<EnvMerge> unrenderable = Idempotency.keyed(
                new IdempotencyScope(tenant, "contract-key", IdempotencyKey.of("broken")),
                "fp",
                merge -> {
                    throw new IllegalStateException("cannot render this answer");
                },
                new IdempotencySettings(Duration.ofHours(1)),
                CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Supplier<EnvMerge>> requests = List.of(
                    () -> m.merge(tenant, "split", env("B", "1")),
                    () -> m.merge(tenant, "split", env("X", "1"), unrenderable),
                    () -> m.merge(tenant, "split", env("D", "1")));
            List<CompletableFuture<EnvMerge>> futures =
                    queuedBehindOne(m, tenant, "split", env("FIRST", "1"), requests, pool);
            assertThat(outcome(futures.get(0))).isInstanceOf(EnvMerge.class);
            assertThat(outcome(futures.get(1))).isInstanceOf(EnvMerge.class);
            assertThat(outcome(futures.get(2))).isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e)
                    .hasMessage("cannot render this answer"));
            assertThat(outcome(futures.get(3))).isInstanceOf(EnvMerge.class);
            assertThat(sizes).containsExactly(1, 3);
            assertThat(get(storage, tenant, "split").env()).containsOnlyKeys("A", "FIRST", "B", "D");
            assertThat(audit(storage, tenant)).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBatchesAreKeptPerStackSoAHeldStackHoldsUpNoOtherStacksMerge() throws Exception {
        // a stack's row is held, a merge of it waits on the row and a second one is queued behind it:
        // another stack of the tenant, and the same slug in another tenant, merge at once meanwhile
        TenantId tenant = newTenant();
        TenantId neighbour = newTenant();
        create(storage, tenant, "held", env("A", "0"));
        create(storage, tenant, "free", env("A", "0"));
        create(storage, neighbour, "held", env("A", "0"));
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        MergeStackEnv m = new MergeStackEnv(
                storage.tenantWriteLocks(), StorageSettings.defaults(), (kind, size) -> sizes.add(size));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<EnvMerge> first;
            CompletableFuture<EnvMerge> queued;
            try (HeldRowLock held = holdStackRowLock(storage, tenant, Slug.of("held"))) {
                first = CompletableFuture.supplyAsync(() -> m.merge(tenant, "held", env("B", "1")), pool);
                awaitLockWaiters(storage, 1, "the first merge waits for the held row");
                queued = CompletableFuture.supplyAsync(() -> m.merge(tenant, "held", env("C", "1")), pool);
                awaitTrue("a merge is queued behind it", () -> m.queuedMerges(tenant, "held") == 1);

                assertThat(m.merge(tenant, "free", env("B", "1")).env()).containsOnlyKeys("A", "B");
                assertThat(m.merge(neighbour, "held", env("B", "1")).env()).containsOnlyKeys("A", "B");
                assertThat(m.queuedMerges(tenant, "free")).isZero();
                assertThat(m.queuedMerges(neighbour, "held")).isZero();
                assertThat(first).isNotDone();
                assertThat(queued).isNotDone();
                assertThat(m.queuedMerges(tenant, "held")).isEqualTo(1);
            }
            assertThat(first.get(30, TimeUnit.SECONDS).env()).containsOnlyKeys("A", "B");
            assertThat(queued.get(30, TimeUnit.SECONDS).env()).containsOnlyKeys("A", "B", "C");
            assertThat(sizes).as("four units of one merge each").containsExactly(1, 1, 1, 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMergeOverTheCapIsRefusedLeavesTheEnvUnchangedAndIsNotAudited() {
        TenantId tenant = newTenant();
        String big = "v".repeat(40_000);
        create(storage, tenant, "big", env("BIG", big));
        assertCode(ErrorCode.ENV_TOO_LARGE, () -> patch(storage, tenant, "big", env("MORE", big)));
        assertThat(get(storage, tenant, "big").env()).containsExactly(Map.entry("BIG", big));
        assertThat(audit(storage, tenant)).isEmpty();
        // the same keys fit when the patch also removes the big one
        assertThat(patch(storage, tenant, "big", env("MORE", big, "BIG", null)).env())
                .containsOnlyKeys("MORE");
    }

    @Test
    void rejectedPatchesChangeNothingAndLeaveNoAuditEvent() {
        TenantId tenant = newTenant();
        create(storage, tenant, "app", env("A", "1"));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> patch(storage, tenant, "app", env("1BAD", "x")));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> patch(storage, tenant, "app", env("A", 5L)));
        assertCode(ErrorCode.VALIDATION_FAILED, () -> patch(storage, tenant, "app", null));
        assertCode(ErrorCode.NOT_FOUND, () -> patch(storage, tenant, "missing", env("A", "2")));
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "app");
        assertCode(ErrorCode.STACK_DELETING, () -> patch(storage, tenant, "app", env("A", "2")));
        assertThat(get(storage, tenant, "app").env()).containsExactly(Map.entry("A", "1"));
        assertThat(audit(storage, tenant)).isEmpty();
    }

    @Test
    void aHeldRowLockMakesThePatchFailWithLockTimeoutWithinTheBound() throws Exception {
        // the row lock is held from outside (second connection / thread) beyond the 300 ms bound
        StoragePorts s = fixture.storage(StorageSettings.defaults().withEnvLockTimeout(Duration.ofMillis(300)));
        TenantId tenant = newTenant();
        create(s, tenant, "locked", env("A", "1"));
        try (HeldRowLock held = holdStackRowLock(s, tenant, Slug.of("locked"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> patch(s, tenant, "locked", env("B", "2")))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                        assertThat(e.code().retryable()).isTrue();
                    });
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).as("waited for the bound").isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(waited)
                    .as("gave up within the bound plus a small margin")
                    .isLessThan(Duration.ofMillis(300 + 1000));

            // the teardown's mark is bounded the same way
            assertCode(ErrorCode.LOCK_TIMEOUT, () -> new DeleteStack(s.tenantWriteLocks()).delete(tenant, "locked"));
        }
        assertThat(get(s, tenant, "locked").env()).containsExactly(Map.entry("A", "1"));
        assertThat(get(s, tenant, "locked").status()).isEqualTo(StackStatus.ACTIVE);
        assertThat(audit(s, tenant)).isEmpty();
        // once released, the same PATCH goes through
        assertThat(patch(s, tenant, "locked", env("B", "2")).env()).containsOnlyKeys("A", "B");
    }

    // ---------------------------------------------------------------- delete and teardown

    @Test
    void deleteTurnsTheStackDeletingIsIdempotentAndAnswersNotFoundForAMissingStack() {
        TenantId tenant = newTenant();
        create(storage, tenant, "gone-soon", env("A", "1"));
        Stack first = new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "gone-soon");
        assertThat(first.status()).isEqualTo(StackStatus.DELETING);
        assertThat(get(storage, tenant, "gone-soon").status()).isEqualTo(StackStatus.DELETING);
        Stack again = new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "gone-soon");
        assertThat(again.status()).isEqualTo(StackStatus.DELETING);
        assertThat(again.updatedAt())
                .as("a repeated delete keeps the original teardown time")
                .isEqualTo(first.updatedAt());
        assertCode(ErrorCode.NOT_FOUND, () -> new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "never-was"));
        assertCode(ErrorCode.STACK_EXISTS, () -> create(storage, tenant, "gone-soon", null));
    }

    @Test
    void aPatchThatHoldsTheRowLandsBeforeTheDeleteThatWaitsForIt() throws Exception {
        // the PATCH's unit parks on a latch after its merge (row lock held); the DELETE started then
        // is seen queued on that row lock before the PATCH is let go, so it cannot mark the stack
        // before the PATCH commits
        TenantId tenant = newTenant();
        create(storage, tenant, "race", null);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<EnvMerge> patchInFlight = inFlightWriter(
                storage,
                tenant,
                unit -> unit.stacks().mergeEnv(tenant, Slug.of("race"), EnvPatch.fromJson(env("P", "1"))),
                release);
        CompletableFuture<Stack> delete =
                CompletableFuture.supplyAsync(() -> new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "race"));
        awaitLockWaiters(storage, 1, "the delete waits for the PATCH's row lock");
        assertThat(delete).as("the delete waits for the PATCH's row lock").isNotDone();
        release.countDown();
        patchInFlight.get(10, TimeUnit.SECONDS);
        assertThat(delete.get(10, TimeUnit.SECONDS).env()).containsEntry("P", "1");
        assertThat(get(storage, tenant, "race").status()).isEqualTo(StackStatus.DELETING);
    }

    @Test
    void aPatchWaitingBehindTheDeleteSeesDeletingUnderTheLockAndWritesNothing() throws Exception {
        // the DELETE's unit parks on a latch after marking the stack (row lock held); the PATCH started
        // then reads nothing before its own row lock and is seen queued on it before the DELETE is let
        // go, so once granted it must see 'deleting' → 409
        TenantId tenant = newTenant();
        create(storage, tenant, "race", env("A", "1"));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Stack> deleteInFlight =
                inFlightWriter(storage, tenant, unit -> unit.stacks().markDeleting(tenant, Slug.of("race")), release);
        CompletableFuture<EnvMerge> patch =
                CompletableFuture.supplyAsync(() -> patch(storage, tenant, "race", env("B", "2")));
        awaitLockWaiters(storage, 1, "the PATCH waits for the DELETE's row lock");
        assertThat(patch).isNotDone();
        release.countDown();
        deleteInFlight.get(10, TimeUnit.SECONDS);
        assertFailsWith(patch, ErrorCode.STACK_DELETING);
        assertThat(get(storage, tenant, "race").env()).containsExactly(Map.entry("A", "1"));
        assertThat(audit(storage, tenant)).isEmpty();
    }

    @Test
    void teardownRacingPatchesNeverLetsAPatchWriteOntoADeletingStack() {
        // a DELETE and a PATCH released together, many rounds: the PATCH either lands (its key is in the
        // env the stack is torn down with, one audit event) or gets stack_deleting (no key, no event)
        for (int round = 0; round < 15; round++) {
            TenantId tenant = newTenant();
            create(storage, tenant, "r", null);
            List<Callable<Object>> tasks = List.of(
                    () -> patch(storage, tenant, "r", env("P", "1")),
                    () -> new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "r"));
            List<Outcome<Object>> outcomes = runTogether(tasks);
            assertThat(outcomes.get(1).ok()).as("the delete succeeds").isTrue();
            Stack after = get(storage, tenant, "r");
            assertThat(after.status()).isEqualTo(StackStatus.DELETING);
            if (outcomes.get(0).ok()) {
                assertThat(after.env()).containsEntry("P", "1");
                assertThat(audit(storage, tenant)).hasSize(1);
            } else {
                assertThat(outcomes.get(0).error())
                        .isInstanceOfSatisfying(
                                DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STACK_DELETING));
                assertThat(after.env()).isEmpty();
                assertThat(audit(storage, tenant)).isEmpty();
            }
            assertThat(teardown(storage, Duration.ZERO).tearDown(new StackRef(tenant, Slug.of("r")), Instant.now()))
                    .isEqualTo(TearDownStack.Outcome.REMOVED);
        }
    }

    @Test
    void teardownAfterTheDelayRemovesTheStackAndRecordsOneDeletionAndOneAuditEvent() {
        TenantId tenant = newTenant();
        create(storage, tenant, "old", env("A", "1"));
        create(storage, tenant, "stays", null);
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "old");

        assertThat(teardown(storage, Duration.ofHours(1))
                        .tearDown(
                                new StackRef(tenant, Slug.of("old")),
                                Instant.now().minus(Duration.ofHours(1))))
                .as("not due yet")
                .isEqualTo(TearDownStack.Outcome.NOTHING_TO_DO);
        assertThat(get(storage, tenant, "old").status()).isEqualTo(StackStatus.DELETING);

        // other tests' stacks may be due too (shared storage); ours must be among the removed
        TearDownStack.Round round = teardown(storage, Duration.ZERO).runDue();
        assertThat(round.removed()).isGreaterThanOrEqualTo(1);
        assertCode(ErrorCode.NOT_FOUND, () -> get(storage, tenant, "old"));
        assertThat(get(storage, tenant, "stays").status()).isEqualTo(StackStatus.ACTIVE);

        List<DeletionLogEntry> deletions = allDeletions(storage, tenant);
        assertThat(deletions).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeletionKind.STACK);
            assertThat(e.id()).isEqualTo("old");
        });
        assertThat(audit(storage, tenant)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.STACK_DELETE);
            assertThat(e.resourceId()).isEqualTo("old");
        });

        // a teardown finding the stack gone does nothing and records nothing
        assertThat(teardown(storage, Duration.ZERO).tearDown(new StackRef(tenant, Slug.of("old")), Instant.now()))
                .isEqualTo(TearDownStack.Outcome.NOTHING_TO_DO);
        assertThat(allDeletions(storage, tenant)).hasSize(1);
        assertThat(audit(storage, tenant)).hasSize(1);
        // and the slug is free again
        assertThat(create(storage, tenant, "old", null).status()).isEqualTo(StackStatus.ACTIVE);
    }

    @Test
    void concurrentTeardownsOfOneStackRemoveItOnceAndRecordItOnce() {
        // eight teardowns of the same due stack released together, as several instances sharing one
        // database would run them: the removal re-checks under the row lock, so exactly one wins; a
        // teardown that finds the row held by another backs off (deferred) instead of waiting for it
        TenantId tenant = newTenant();
        create(storage, tenant, "once", null);
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "once");
        StackRef ref = new StackRef(tenant, Slug.of("once"));
        Instant due = Instant.now().plusSeconds(1);
        List<Callable<TearDownStack.Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> teardown(storage, Duration.ZERO).tearDown(ref, due));
        }
        List<Outcome<TearDownStack.Outcome>> outcomes = runTogether(tasks);
        assertNoUnexpected(outcomes);
        assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(TearDownStack.Outcome.REMOVED);
        assertThat(outcomes)
                .extracting(Outcome::value)
                .isSubsetOf(
                        TearDownStack.Outcome.REMOVED,
                        TearDownStack.Outcome.NOTHING_TO_DO,
                        TearDownStack.Outcome.DEFERRED);
        assertThat(allDeletions(storage, tenant)).hasSize(1);
        assertThat(audit(storage, tenant)).hasSize(1);
        // the ones that backed off find nothing left to do when they come again
        assertThat(teardown(storage, Duration.ZERO).tearDown(ref, due)).isEqualTo(TearDownStack.Outcome.NOTHING_TO_DO);
    }

    @Test
    void dueStacksAreListedOldestFirstAndOnlyOnceTheirDelayHasPassed() {
        TenantId tenant = newTenant();
        create(storage, tenant, "x", null);
        Instant before = Instant.now().minusSeconds(1);
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "x");
        StackRef ref = new StackRef(tenant, Slug.of("x"));
        assertThat(storage.stackQueries().deletingSince(before, 1000)).doesNotContain(ref);
        assertThat(storage.stackQueries().deletingSince(Instant.now().plusSeconds(1), 1000))
                .contains(ref);
    }

    @Test
    void teardownBacksOffWhileAPurgeIsQueuedAndNeverDelaysIt() throws Exception {
        // a writer parks holding the tenant's shared lock, so the purge queues (seen queued on the lock);
        // the teardown then fails its try-lock, must report "deferred" without waiting, and the purge
        // removes the stack anyway
        TenantId tenant = newTenant();
        create(storage, tenant, "doomed", null);
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "doomed");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = idleWriter(storage, tenant, release);
        CompletableFuture<PurgeTenantData.Result> purge = queuedPurge(storage, tenant);

        long started = System.nanoTime();
        TearDownStack.Outcome outcome =
                teardown(storage, Duration.ZERO).tearDown(new StackRef(tenant, Slug.of("doomed")), Instant.now());
        assertThat(outcome).isEqualTo(TearDownStack.Outcome.DEFERRED);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("backs off at once")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(purge).isNotDone();

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(purge.get(10, TimeUnit.SECONDS).byWireName()).containsEntry("stacks", 1L);
        assertThat(teardown(storage, Duration.ZERO).tearDown(new StackRef(tenant, Slug.of("doomed")), Instant.now()))
                .isEqualTo(TearDownStack.Outcome.NOTHING_TO_DO);
        assertThat(allDeletions(storage, tenant))
                .extracting(DeletionLogEntry::kind)
                .containsExactly(DeletionKind.TENANT);
    }

    @Test
    void teardownNeverWaitsForAHeldRowWhileHoldingTheTenantSoAPurgeIsNeverDelayed() throws Exception {
        // the stack's row is held from outside (second connection / another unit) and every row-lock
        // bound is a minute: a teardown that waited for the row would sit on the tenant's shared lock
        // that long, and a purge queued behind it would wait too. It must try the row without waiting
        // and back off, so nothing is queued and the purge goes through once the row is free.
        StoragePorts s = fixture.storage(StorageSettings.defaults()
                .withEnvLockTimeout(Duration.ofSeconds(60))
                .withRowLockWait(Duration.ofSeconds(60)));
        TenantId tenant = newTenant();
        create(s, tenant, "doomed", null);
        new DeleteStack(s.tenantWriteLocks()).delete(tenant, "doomed");
        StackRef ref = new StackRef(tenant, Slug.of("doomed"));
        try (HeldRowLock held = holdStackRowLock(s, tenant, Slug.of("doomed"))) {
            CompletableFuture<TearDownStack.Outcome> teardown = CompletableFuture.supplyAsync(
                    () -> teardown(s, Duration.ZERO).tearDown(ref, Instant.now()));
            Await.until("the teardown answered while the row is still held", teardown::isDone);
            assertThat(teardown.get()).isEqualTo(TearDownStack.Outcome.DEFERRED);
            assertThat(fixture.lockWaiters(s)).as("nobody queued on a lock").isZero();
        }
        assertThat(new PurgeTenantData(s.tenantWriteLocks()).purge(tenant).byWireName())
                .containsEntry("stacks", 1L);
        assertThat(allDeletions(s, tenant)).extracting(DeletionLogEntry::kind).containsExactly(DeletionKind.TENANT);
    }

    @Test
    void stacksPageInCodePointOrderWhateverTheLanguageWouldSay() {
        // '-' < '0' < 'a' by code point; a language collation would put 'a-b' next to 'ab'
        List<String> slugs = List.of("ab", "a-b", "a0", "a", "a-0", "aa", "b", "a9z", "0a");
        TenantId tenant = newTenant();
        for (String slug : slugs) {
            create(storage, tenant, slug, null);
        }
        ListStacks list = new ListStacks(storage.stackQueries());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Stack> page = list.list(tenant, new PageRequest(1, cursor));
            page.items().forEach(st -> seen.add(st.slug().value()));
            cursor = page.nextCursor();
        } while (cursor != null && seen.size() <= slugs.size());
        assertThat(seen).containsExactly("0a", "a", "a-0", "a-b", "a0", "a9z", "aa", "ab", "b");
    }

    @Test
    void purgeRemovesEveryStackOfTheTenantAndCountsThem() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        create(storage, tenant, "a", env("A", "1"));
        create(storage, tenant, "b", null);
        create(storage, tenant, "c", null);
        new DeleteStack(storage.tenantWriteLocks()).delete(tenant, "c");
        create(storage, other, "a", null);

        PurgeTenantData.Result result = new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant);

        assertThat(result.byWireName()).containsEntry("stacks", 3L);
        assertThat(new ListStacks(storage.stackQueries())
                        .list(tenant, PageRequest.first(10))
                        .items())
                .isEmpty();
        assertThat(storage.stackQueries().deletingSince(Instant.now().plusSeconds(1), 1000))
                .noneMatch(r -> r.tenant().equals(tenant));
        assertThat(get(storage, other, "a").status()).isEqualTo(StackStatus.ACTIVE);
        // the tenant is usable again afterwards
        assertThat(create(storage, tenant, "a", null).env()).isEmpty();
    }

    @Test
    void aUnitThatFailsAfterTheMergeLeavesTheEnvAsItWas() {
        TenantId tenant = newTenant();
        create(storage, tenant, "app", env("A", "1"));
        assertThatThrownBy(() -> storage.tenantWriteLocks().write(tenant, unit -> {
                    unit.stacks().mergeEnv(tenant, Slug.of("app"), EnvPatch.fromJson(env("A", null, "B", "2")));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        assertThat(get(storage, tenant, "app").env()).containsExactly(Map.entry("A", "1"));
    }
}
