package dev.lockstep.application.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.contract.Await;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching alone, with a runner that answers each request with its own text and whose first
 * batch parks on a latch (the unit in flight), so requests are seen queued before it returns.
 */
class EnvMergeBatchesTest {
    private static final TenantId TENANT = TenantId.of("t-batches");
    private static final Slug SLUG = Slug.of("hot");

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final List<List<String>> ran = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstRunning = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        pool.shutdownNow();
    }

    private final Consumer<List<EnvMergeBatches.Member<String, String>>> runner = batch -> {
        ran.add(batch.stream().map(EnvMergeBatches.Member::request).toList());
        if (batch.get(0).request().equals("first")) {
            firstRunning.countDown();
            try {
                releaseFirst.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        batch.forEach(m -> m.finish("answer of " + m.request(), null));
    };

    private CompletableFuture<String> submit(EnvMergeBatches<String, String> batches, String request) {
        return CompletableFuture.supplyAsync(() -> batches.submit(TENANT, SLUG, request, runner), pool);
    }

    @Test
    void aLoneRequestRunsAtOnceOnItsOwnThreadAsABatchOfOne() {
        EnvMergeBatches<String, String> batches = new EnvMergeBatches<>(Duration.ofSeconds(30), sizes::add);
        Thread caller = Thread.currentThread();
        List<Thread> runOn = new ArrayList<>();
        String answer = batches.submit(TENANT, SLUG, "alone", batch -> {
            runOn.add(Thread.currentThread());
            batch.forEach(m -> m.finish("answer of " + m.request(), null));
        });
        assertThat(answer).isEqualTo("answer of alone");
        assertThat(runOn).containsExactly(caller);
        assertThat(sizes).containsExactly(1);
        assertThat(batches.queued(TENANT, SLUG)).isZero();
    }

    @Test
    void requestsQueuedBehindTheUnitInFlightRunNextInArrivalOrderAtMostSixtyFourAtATime() throws Exception {
        EnvMergeBatches<String, String> batches = new EnvMergeBatches<>(Duration.ofSeconds(30), sizes::add);
        CompletableFuture<String> first = submit(batches, "first");
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            queued.add(submit(batches, "r" + i));
            int n = i + 1;
            Await.until("request " + i + " is queued", () -> batches.queued(TENANT, SLUG) == n);
        }
        // another stack is not held up by this one
        assertThat(batches.submit(TENANT, Slug.of("other"), "elsewhere", runner))
                .isEqualTo("answer of elsewhere");

        releaseFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("answer of first");
        for (int i = 0; i < 70; i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("answer of r" + i);
        }
        assertThat(sizes).as("first, the other stack, then 64 and 6").containsExactly(1, 1, 64, 6);
        List<String> second = ran.get(2);
        List<String> third = ran.get(3);
        assertThat(second).hasSize(64).startsWith("r0", "r1", "r2").endsWith("r63");
        assertThat(third).containsExactly("r64", "r65", "r66", "r67", "r68", "r69");
        assertThat(batches.queued(TENANT, SLUG)).isZero();
    }

    @Test
    void aRequestStillQueuedAtItsBoundLeavesTheQueueWithLockTimeoutAndNeverRuns() throws Exception {
        EnvMergeBatches<String, String> batches = new EnvMergeBatches<>(Duration.ofMillis(200), sizes::add);
        CompletableFuture<String> first = submit(batches, "first");
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> late = submit(batches, "late");
        Await.until("the late request gave up", late::isDone);
        assertThatThrownBy(late::join).hasCauseInstanceOf(DomainException.class).satisfies(e -> assertThat(
                        ((DomainException) e.getCause()).code())
                .isEqualTo(ErrorCode.LOCK_TIMEOUT));
        assertThat(batches.queued(TENANT, SLUG)).isZero();

        releaseFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("answer of first");
        assertThat(ran).containsExactly(List.of("first"));
        // the stack's lane is free again: the next request runs at once
        assertThat(batches.submit(TENANT, SLUG, "after", runner)).isEqualTo("answer of after");
    }

    @Test
    void aRunnerThatForgetsAMemberStillNeverLeavesItWaiting() {
        EnvMergeBatches<String, String> batches = new EnvMergeBatches<>(Duration.ofSeconds(30), sizes::add);
        assertThatThrownBy(() -> batches.submit(TENANT, SLUG, "forgotten", batch -> {}))
                .isInstanceOf(IllegalStateException.class);
        assertThat(batches.submit(TENANT, SLUG, "next", runner)).isEqualTo("answer of next");
    }
}
