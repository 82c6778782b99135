package dev.lockstep.application.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.contract.Await;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit alone, with a statement that answers each item with {@code key:item} and records
 * what every statement carried. A statement is held in flight for real: the statement that carries an
 * item {@link #hold held} parks until the test releases it, so the requests that arrive meanwhile are
 * seen queued (the primitive's own count) before anything else happens. No sleep, no timing assertion:
 * a bound is only ever waited out by a request that nothing else can answer.
 */
class GroupCommitTest {
    private static final String KEY = "k";
    private static final Duration LONG = Duration.ofSeconds(30);

    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** Every batch's size as the meter was told, in order. */
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    /** Every statement's items, in the order they were sent. */
    private final List<List<String>> sent = Collections.synchronizedList(new ArrayList<>());
    /** The thread each item's statement ran on. */
    private final Map<String, Thread> sentOn = new ConcurrentHashMap<>();

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Items whose presence fails the whole statement with {@link RowFault} (the split recognizes it). */
    private final Set<String> faulty = ConcurrentHashMap.newKeySet();
    /** Items whose presence fails the whole statement with a bug (an unrecognized failure). */
    private final Map<String, Throwable> bugs = new ConcurrentHashMap<>();
    /** Items the statement answers with a failure of their own. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** When set, the statement answers one outcome too few. */
    private volatile boolean answersOneTooFew;

    @AfterEach
    void stop() {
        held.values().forEach(Held::release);
        pool.shutdownNow();
    }

    /** The failure of a row: nothing of the statement was written, the split sends it again in halves. */
    static final class RowFault extends RuntimeException {
        RowFault(String item) {
            super("row fault of " + item);
        }
    }

    private List<GroupCommit.Outcome<String>> statement(String key, List<String> items) {
        sent.add(List.copyOf(items));
        for (String item : items) {
            sentOn.put(item, Thread.currentThread());
            Held h = held.get(item);
            if (h != null) {
                h.park();
            }
        }
        for (String item : items) {
            Throwable bug = bugs.get(item);
            if (bug instanceof RuntimeException r) {
                throw r;
            }
            if (bug instanceof Error e) {
                throw e;
            }
            if (faulty.contains(item)) {
                throw new RowFault(item);
            }
        }
        List<GroupCommit.Outcome<String>> outcomes = new ArrayList<>();
        for (String item : items) {
            outcomes.add(
                    refused.contains(item)
                            ? GroupCommit.Outcome.failed(new IllegalArgumentException("refused " + item))
                            : GroupCommit.Outcome.of(key + ":" + item));
        }
        return answersOneTooFew ? outcomes.subList(0, outcomes.size() - 1) : outcomes;
    }

    private GroupCommit<String, String, String> commits(Duration bound) {
        return commits(bound, 1);
    }

    private GroupCommit<String, String, String> commits(Duration bound, int lanes) {
        return new GroupCommit<>(
                BatchSizeMeter.Kind.STACK_ENV_MERGE,
                (kind, n) -> sizes.add(n),
                GroupCommit.MAX_BATCH,
                lanes,
                bound,
                this::statement,
                failure -> failure instanceof RowFault);
    }

    /** Makes the statement that carries {@code item} stay in flight until {@link Held#release}. */
    private Held hold(String item) {
        Held h = new Held();
        held.put(item, h);
        return h;
    }

    private static final class Held {
        private final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        void park() {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitRunning() throws InterruptedException {
            assertThat(running.await(10, TimeUnit.SECONDS))
                    .as("the held statement is in flight")
                    .isTrue();
        }

        void release() {
            release.countDown();
        }
    }

    private CompletableFuture<String> submit(GroupCommit<String, String, String> commits, String key, String item) {
        return CompletableFuture.supplyAsync(() -> commits.submit(key, item), pool);
    }

    /** Submits {@code item} and returns once it is seen queued ({@code queuedBefore} were before it). */
    private CompletableFuture<String> submitQueued(
            GroupCommit<String, String, String> commits, String key, String item, int queuedBefore) {
        CompletableFuture<String> f = submit(commits, key, item);
        Await.until(item + " is queued", () -> commits.queued(key) == queuedBefore + 1);
        return f;
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a success");
    }

    private static ErrorCode code(Throwable t) {
        assertThat(t).isInstanceOf(DomainException.class);
        return ((DomainException) t).code();
    }

    // ------------------------------------------------------------------------------------ batching

    @Test
    void aLoneRequestIsSentAtOnceOnItsCallersThreadAsABatchOfOne() {
        GroupCommit<String, String, String> commits = commits(LONG);
        assertThat(commits.submit(KEY, "alone")).isEqualTo("k:alone");
        assertThat(sentOn.get("alone")).isSameAs(Thread.currentThread());
        assertThat(sizes).containsExactly(1);
        assertThat(commits.queued(KEY)).isZero();
        assertThat(commits.activeKeys()).as("nothing of the idle key is kept").isZero();
    }

    @Test
    void requestsQueuedBehindTheStatementInFlightGoNextInArrivalOrderAtMostSixtyFourAtATime() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            items.add("r" + i);
            queued.add(submitQueued(commits, KEY, "r" + i, i));
        }
        assertThat(queued)
                .as("nothing answered while the statement is in flight")
                .noneMatch(Future::isDone);

        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        for (int i = 0; i < 70; i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("k:r" + i);
        }
        assertThat(sizes).as("the first alone, then the cap, then the rest").containsExactly(1, 64, 6);
        assertThat(sent).containsExactly(List.of("first"), items.subList(0, 64), items.subList(64, 70));
        assertThat(sentOn.get("r0"))
                .as("the oldest waiter sends the next batch on its own thread")
                .isSameAs(sentOn.get("r63"))
                .isNotSameAs(sentOn.get("first"));
        assertThat(commits.queued(KEY)).isZero();
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void everyRequestIsCarriedByExactlyOneStatementAndGetsItsOwnAnswer() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        List<String> keys = List.of("a", "b", "c");
        int threads = 8;
        int each = 250;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                Map<String, String> answers = new HashMap<>();
                for (int i = 0; i < each; i++) {
                    String key = keys.get((thread + i) % keys.size());
                    String item = "t" + thread + "-" + i;
                    answers.put(key + "/" + item, commits.submit(key, item));
                }
                return answers;
            }));
        }
        start.countDown();
        Map<String, String> answers = new HashMap<>();
        for (Future<Map<String, String>> r : results) {
            answers.putAll(r.get(60, TimeUnit.SECONDS));
        }

        assertThat(answers).hasSize(threads * each);
        answers.forEach((keyAndItem, answer) ->
                assertThat(answer).as("the answer of " + keyAndItem).isEqualTo(keyAndItem.replace('/', ':')));
        List<String> carried = new ArrayList<>();
        sent.forEach(carried::addAll);
        assertThat(carried)
                .as("every request in exactly one statement")
                .hasSize(threads * each)
                .doesNotHaveDuplicates();
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * each);
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, GroupCommit.MAX_BATCH));
        assertThat(commits.activeKeys())
                .as("every key went idle and was released")
                .isZero();
    }

    @Test
    void independentKeysNeverWaitForEachOther() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        Held first = hold("first");
        CompletableFuture<String> a = submit(commits, "a", "first");
        first.awaitRunning();
        CompletableFuture<String> queuedOnA = submitQueued(commits, "a", "second", 0);

        // key b's lone request is sent at once, on this thread, while a's statement is still in flight
        assertThat(commits.submit("b", "other")).isEqualTo("b:other");
        assertThat(sentOn.get("other")).isSameAs(Thread.currentThread());
        assertThat(a).isNotDone();
        assertThat(commits.queued("a")).isEqualTo(1);
        assertThat(commits.queued("b")).isZero();
        assertThat(commits.activeKeys()).as("only a is held; b was released").isEqualTo(1);

        first.release();
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a:first");
        assertThat(queuedOnA.get(10, TimeUnit.SECONDS)).isEqualTo("a:second");
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void aKeysStateIsReleasedWhenItGoesIdle() {
        GroupCommit<String, String, String> commits = commits(LONG);
        for (int i = 0; i < 1_000; i++) {
            assertThat(commits.submit("stack-" + i, "x")).isEqualTo("stack-" + i + ":x");
        }
        assertThat(commits.activeKeys())
                .as("a thousand keys used once leave nothing behind")
                .isZero();
    }

    @Test
    void withTwoLanesTwoStatementsOfAKeyAreInFlightAndTheRestQueueUntilALaneComesBack() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG, 2);
        Held x = hold("x");
        Held y = hold("y");
        CompletableFuture<String> fx = submit(commits, KEY, "x");
        x.awaitRunning();
        CompletableFuture<String> fy = submit(commits, KEY, "y");
        y.awaitRunning();
        CompletableFuture<String> fz = submitQueued(commits, KEY, "z", 0);
        assertThat(sizes).as("no third statement while both lanes are busy").containsExactly(1, 1);

        x.release();
        assertThat(fx.get(10, TimeUnit.SECONDS)).isEqualTo("k:x");
        assertThat(fz.get(10, TimeUnit.SECONDS)).isEqualTo("k:z");
        assertThat(fy).isNotDone();
        y.release();
        assertThat(fy.get(10, TimeUnit.SECONDS)).isEqualTo("k:y");
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void aCapOrALaneCountBelowOneIsRefused() {
        assertThatThrownBy(() -> new GroupCommit<String, String, String>(
                        BatchSizeMeter.Kind.STACK_ENV_MERGE,
                        BatchSizeMeter.NONE,
                        0,
                        1,
                        LONG,
                        this::statement,
                        GroupCommit.Split.NEVER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------ the bound

    @Test
    void aRequestStillQueuedAtItsBoundLeavesTheQueueWithStorageUnavailableAndIsNeverSent() throws Exception {
        GroupCommit<String, String, String> commits = commits(Duration.ofMillis(200));
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        CompletableFuture<String> late = submit(commits, KEY, "late");
        Await.until("the late request gave up", late::isDone);

        assertThat(code(failure(late))).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(commits.queued(KEY)).as("it left the queue").isZero();
        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        assertThat(sent).as("no statement carried it").containsExactly(List.of("first"));
        assertThat(commits.activeKeys()).isZero();
        assertThat(commits.submit(KEY, "after")).as("the key is free again").isEqualTo("k:after");
    }

    @Test
    void aRequestWhoseStatementIsInFlightAtItsBoundAnswersOutcomeUnknownAndNothingElse() throws Exception {
        // the bound is long enough for the two queued requests to be taken into the second statement
        // right away; only the one that does not lead it waits the bound out, inside that statement
        GroupCommit<String, String, String> commits = commits(Duration.ofSeconds(2));
        Held first = hold("first");
        Held second = hold("leads-second");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        CompletableFuture<String> leader = submitQueued(commits, KEY, "leads-second", 0);
        CompletableFuture<String> member = submitQueued(commits, KEY, "in-second", 1);
        first.release();
        second.awaitRunning();
        assertThat(sent).as("the member is in the statement in flight").contains(List.of("leads-second", "in-second"));

        Await.until("the member's bound ran out", member::isDone);
        assertThat(code(failure(member))).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        second.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        assertThat(leader.get(10, TimeUnit.SECONDS))
                .as("the leader waits for no bound")
                .isEqualTo("k:leads-second");
        assertThat(code(failure(member)))
                .as("the statement's later answer is dropped: one answer only")
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(sizes).containsExactly(1, 2);
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void anInterruptedWaitAnswersAsItsBoundWouldStillQueuedOrAlreadySent() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        Held first = hold("first");
        Held second = hold("leads-second");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        CompletableFuture<String> leader = submitQueued(commits, KEY, "leads-second", 0);
        Waiter member = new Waiter(() -> commits.submit(KEY, "in-second"));
        Await.until("the member is queued", () -> commits.queued(KEY) == 2);
        Waiter queued = new Waiter(() -> commits.submit(KEY, "never-sent"));
        Await.until("the last one is queued", () -> commits.queued(KEY) == 3);

        // still queued: never sent
        queued.thread.interrupt();
        assertThat(code(queued.failure())).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(queued.interruptedAfter.get()).as("the interrupt is kept").isTrue();
        assertThat(commits.queued(KEY)).as("it left the queue").isEqualTo(2);

        // in the statement in flight: maybe sent
        first.release();
        second.awaitRunning();
        assertThat(sent).contains(List.of("leads-second", "in-second"));
        member.thread.interrupt();
        assertThat(code(member.failure())).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);

        second.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("k:leads-second");
        assertThat(sent).noneMatch(items -> items.contains("never-sent"));
        assertThat(commits.activeKeys()).isZero();
    }

    /** A caller on a thread of its own, so the test can interrupt it. */
    private static final class Waiter {
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        final Thread thread;

        Waiter(Supplier<String> call) {
            thread = new Thread(() -> {
                try {
                    outcome.set(call.get());
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            thread.start();
        }

        Throwable failure() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("the caller returned").isFalse();
            assertThat(outcome.get()).isInstanceOf(Throwable.class);
            return (Throwable) outcome.get();
        }
    }

    // ------------------------------------------------------------------------------------ failures

    @Test
    void aPerItemFailureIsThatItemsAnswerAloneAndItsBatchMatesLand() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        refused.add("r1");
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(submitQueued(commits, KEY, "r" + i, i));
        }
        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("k:r0");
        assertThat(failure(queued.get(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refused r1");
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("k:r2");
        assertThat(sent).containsExactly(List.of("first"), List.of("r0", "r1", "r2"));
    }

    @Test
    void aStatementThatThrowsAnswersEveryMemberWithItsFailureAndTheKeyGoesOn() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        IllegalStateException bug = new IllegalStateException("a bug in the statement");
        bugs.put("r1", bug);
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(submitQueued(commits, KEY, "r" + i, i));
        }
        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        for (CompletableFuture<String> q : queued) {
            assertThat(failure(q))
                    .as("an unrecognized failure is the whole batch's")
                    .isSameAs(bug);
        }
        assertThat(sent).as("not split").containsExactly(List.of("first"), List.of("r0", "r1", "r2"));
        assertThat(commits.activeKeys()).isZero();
        assertThat(commits.submit(KEY, "after")).isEqualTo("k:after");
    }

    @Test
    void anErrorInTheStatementAnswersEveryMemberAndItsLeaderCarriesItOn() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        AssertionError error = new AssertionError("an Error in the statement");
        bugs.put("r1", error);
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(submitQueued(commits, KEY, "r" + i, i));
        }
        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        assertThat(failure(queued.get(0))).as("the leader").isSameAs(error);
        for (CompletableFuture<String> q : queued.subList(1, 3)) {
            assertThat(failure(q)).isInstanceOf(IllegalStateException.class).hasCause(error);
        }
        assertThat(commits.activeKeys()).isZero();
        assertThat(commits.submit(KEY, "after")).isEqualTo("k:after");
    }

    @Test
    void aStatementThatAnswersTheWrongNumberOfItemsAnswersEveryMemberWithAnIllegalState() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        CompletableFuture<String> a = submitQueued(commits, KEY, "a", 0);
        CompletableFuture<String> b = submitQueued(commits, KEY, "b", 1);
        answersOneTooFew = true;
        first.release();
        assertThat(failure(firstAnswer)).isInstanceOf(IllegalStateException.class);
        assertThat(failure(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 1 for 2");
        assertThat(failure(b)).isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 1 for 2");
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void aFailureThatMayLieInOneItemSplitsTheBatchInHalvesDownToThatItemAlone() throws Exception {
        GroupCommit<String, String, String> commits = commits(LONG);
        faulty.add("r2");
        Held first = hold("first");
        CompletableFuture<String> firstAnswer = submit(commits, KEY, "first");
        first.awaitRunning();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(submitQueued(commits, KEY, "r" + i, i));
        }
        first.release();
        assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("k:first");
        for (int i = 0; i < 5; i++) {
            if (i == 2) {
                assertThat(failure(queued.get(i))).isInstanceOf(RowFault.class).hasMessage("row fault of r2");
            } else {
                assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("k:r" + i);
            }
        }
        assertThat(sent)
                .as("halves in arrival order, down to the faulty row")
                .containsExactly(
                        List.of("first"),
                        List.of("r0", "r1", "r2", "r3", "r4"),
                        List.of("r0", "r1"),
                        List.of("r2", "r3", "r4"),
                        List.of("r2"),
                        List.of("r3", "r4"));
        assertThat(sizes).as("the halves are no batches of their own").containsExactly(1, 5);
        assertThat(commits.activeKeys()).isZero();
    }

    @Test
    void aLoneRequestWhoseRowFailsGetsThatFailureWithoutASplit() {
        GroupCommit<String, String, String> commits = commits(LONG);
        faulty.add("bad");
        assertThatThrownBy(() -> commits.submit(KEY, "bad")).isInstanceOf(RowFault.class);
        assertThat(sent).containsExactly(List.of("bad"));
        assertThat(commits.activeKeys()).isZero();
    }
}
