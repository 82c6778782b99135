package dev.lockstep.application.stack;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.StackErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Group commit of the env merges of one stack on this instance, without a timer. A merge that finds
 * no unit of its stack in flight runs at once, alone (a lone request waits for nothing). Merges that
 * arrive while one is in flight queue behind it; when it returns, the queued ones (at most {@link
 * #MAX_BATCH}, in arrival order) run together as one batch, led by the thread of the first of them,
 * while later arrivals queue behind that batch in turn.
 *
 * <p>The runner handed to {@link #submit} runs a whole batch and gives every member its outcome
 * ({@link Member#finish}); it never throws. A waiting member waits at most {@code waitBound}: if it
 * is still queued then, it leaves the queue and fails with {@code lock_timeout} (nothing of it ran);
 * if its batch is running on another thread, it fails with {@code outcome_unknown}.
 *
 * @param <P> what one request brings (its patch and key)
 * @param <R> what it gets back
 */
final class EnvMergeBatches<P, R> {

    /** The most merges one batch carries. */
    static final int MAX_BATCH = 64;

    /** One request in a batch. */
    static final class Member<P, R> {
        private final P request;
        private final CompletableFuture<Signal<P, R>> signal = new CompletableFuture<>();
        private volatile Done<P, R> done;

        private Member(P request) {
            this.request = request;
        }

        P request() {
            return request;
        }

        /** Gives this member its outcome (a value, or the exception it fails with). */
        void finish(R value, RuntimeException error) {
            if (done == null) {
                Done<P, R> d = new Done<>(value, error);
                done = d;
                signal.complete(d);
            }
        }

        boolean finished() {
            return done != null;
        }
    }

    private sealed interface Signal<P, R> permits Lead, Done, GaveUp {}

    /** The member leads this batch (it is the first of it). */
    private record Lead<P, R>(List<Member<P, R>> batch) implements Signal<P, R> {}

    private record Done<P, R>(R value, RuntimeException error) implements Signal<P, R> {
        R get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    /** The member stopped waiting; it can no longer lead a batch. */
    private record GaveUp<P, R>() implements Signal<P, R> {}

    /** The merges of one stack: present while a batch of it is in flight, with those queued behind it. */
    private static final class Lane<P, R> {
        final ArrayDeque<Member<P, R>> queued = new ArrayDeque<>();
    }

    private record Key(TenantId tenant, Slug slug) {}

    private final Map<Key, Lane<P, R>> lanes = new HashMap<>();
    private final Duration waitBound;
    private final Consumer<Integer> batchSizes;

    /**
     * @param waitBound how long a queued member waits for its outcome (the bound of the batch in
     *     flight and of its own batch, plus a margin)
     * @param batchSizes told the size of every batch before it runs
     */
    EnvMergeBatches(Duration waitBound, Consumer<Integer> batchSizes) {
        this.waitBound = waitBound;
        this.batchSizes = batchSizes;
    }

    /**
     * Runs {@code request} in the next batch of its stack and returns its own outcome.
     *
     * @param runner runs one batch in one unit and finishes every member; never throws
     */
    R submit(TenantId tenant, Slug slug, P request, Consumer<List<Member<P, R>>> runner) {
        Key key = new Key(tenant, slug);
        Member<P, R> me = new Member<>(request);
        boolean lead;
        synchronized (lanes) {
            Lane<P, R> lane = lanes.get(key);
            if (lane == null) {
                lanes.put(key, new Lane<>());
                lead = true;
            } else {
                lane.queued.addLast(me);
                lead = false;
            }
        }
        List<Member<P, R>> batch;
        if (lead) {
            batch = List.of(me);
        } else {
            Signal<P, R> signal = awaitSignal(key, me);
            if (signal instanceof Done<P, R> d) {
                return d.get();
            }
            batch = ((Lead<P, R>) signal).batch();
        }
        try {
            batchSizes.accept(batch.size());
            runner.accept(batch);
        } finally {
            for (Member<P, R> m : batch) {
                // the runner finishes every member; a bug there must still never leave one waiting
                m.finish(null, new IllegalStateException("the batch ended without an outcome for this merge"));
            }
            handOff(key);
        }
        return me.done.get();
    }

    /** How many merges of the stack are queued behind the batch in flight (observation for tests). */
    int queued(TenantId tenant, Slug slug) {
        synchronized (lanes) {
            Lane<P, R> lane = lanes.get(new Key(tenant, slug));
            return lane == null ? 0 : lane.queued.size();
        }
    }

    /** The batch in flight returned: the queued merges go next, led by the first of them that still waits. */
    private void handOff(Key key) {
        while (true) {
            List<Member<P, R>> next = new ArrayList<>();
            synchronized (lanes) {
                Lane<P, R> lane = lanes.get(key);
                while (next.size() < MAX_BATCH && !lane.queued.isEmpty()) {
                    next.add(lane.queued.pollFirst());
                }
                if (next.isEmpty()) {
                    lanes.remove(key);
                    return;
                }
            }
            // a member that gave up (waited past its bound after it left the queue) cannot lead
            List<Member<P, R>> alive = new ArrayList<>(next);
            while (!alive.isEmpty()) {
                Member<P, R> first = alive.get(0);
                if (first.signal.complete(new Lead<>(List.copyOf(alive)))) {
                    return;
                }
                alive.remove(0);
            }
        }
    }

    private Signal<P, R> awaitSignal(Key key, Member<P, R> me) {
        Exception stopped;
        try {
            return me.signal.get(waitBound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stopped = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a merge's signal never fails", e);
        }
        synchronized (lanes) {
            Lane<P, R> lane = lanes.get(key);
            if (lane != null && lane.queued.remove(me)) {
                throw StackErrors.lockTimeout(key.slug()); // nothing of it ran
            }
        }
        // taken into a batch already: it is being handed the lead (then it runs it) or it runs elsewhere
        if (me.signal.complete(new GaveUp<>())) {
            throw DomainException.outcomeUnknown(stopped);
        }
        return me.signal.join();
    }
}
