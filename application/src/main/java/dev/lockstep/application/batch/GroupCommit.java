package dev.lockstep.application.batch;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.DomainException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The one group commit of the service: requests of one key that arrive while a statement of that
 * key is in flight are gathered and sent together, in ONE statement (one round trip, one COMMIT),
 * as soon as it returns. There is no timer: a lone request is sent at once and waits for nothing.
 * A caller supplies only the batch's {@link Statement} and, optionally, how to {@link Split} a
 * failing batch; everything else lives here.
 *
 * <ul>
 *   <li><b>The key space.</b> Each key has its own batches, its own queue and its own {@link
 *       ReentrantLock}; no lock is shared by all keys, so one key's statement in flight never holds
 *       up another key. A key's state exists only while a statement of it is in flight: the last
 *       leader of a key removes it, so idle keys (one per stack, say) cost nothing.
 *   <li><b>The cap.</b> A batch carries at most {@code maxBatch} requests ({@link #MAX_BATCH}); at
 *       most {@code lanes} statements of one key are in flight at once.
 *   <li><b>The protocol.</b> No thread of its own. A caller that finds a lane of its key free sends
 *       the statement itself (it leads); the others queue, oldest first, and block on their own
 *       future. When a statement returns, its leader answers every request of the batch and hands
 *       its lane to the oldest queued caller, which builds the next batch (itself and the oldest
 *       queued, up to the cap, in arrival order) and sends it on its own thread.
 *   <li><b>The bounded wait.</b> A queued caller waits at most {@code bound}. Still queued then, no
 *       statement carries it: it leaves the queue and answers {@code storage_unavailable} (nothing
 *       was sent, nothing written). Already in a statement, it answers {@code outcome_unknown} (the
 *       statement may have been committed); the statement's own answer for it is then dropped. An
 *       interrupt ends the wait the same way.
 *   <li><b>Exactly one answer.</b> Every member gets exactly one: the statement's answer for it, the
 *       statement's failure (a classified storage failure and a bug in the statement's code alike),
 *       or its timeout answer, whichever is set first under its key's lock. A statement that answers
 *       the wrong number of items answers every item with an {@link IllegalStateException}.
 *   <li><b>The metric.</b> Every batch's size goes to the {@link BatchSizeMeter} once before it is
 *       sent (1 for a lone request); the halves of a split batch are not batches of their own.
 * </ul>
 *
 * <p>Where the two earlier state machines differed, this is what was chosen, and why:
 *
 * <ul>
 *   <li><b>Who builds the next batch:</b> the caller handed the lane, when it starts, rather than the
 *       leader that finishes, ahead of time. A member is marked sent only when its statement is about
 *       to go, so "still queued" at the bound truly means "never sent" and the answer {@code
 *       storage_unavailable} is true; a batch built ahead of time held members that were neither
 *       queued nor sent while its leader woke up, and had to skip a leader that had given up
 *       meanwhile. Requests that arrive while the next leader wakes still join its batch. A caller
 *       handed the lane just as its own bound runs out leads all the same: the requests behind it
 *       must be sent, and its own is among them.
 *   <li><b>Locking:</b> one {@link ReentrantLock} per key (a virtual thread waits on it without
 *       pinning its carrier), never one monitor over every key's state; the map of keys is a {@link
 *       ConcurrentHashMap}, read without a lock on the way in.
 *   <li><b>A failing batch:</b> split in halves, each sent again, down to the one request that owes
 *       the failure and alone gets it, rather than rerunning every member alone: one bad request in
 *       64 costs about a dozen statements, not 64. The order of the halves keeps arrival order.
 *   <li><b>Lanes:</b> kept as a parameter (1 in production); a key of the env merges always has one,
 *       since its statements lock the same row anyway.
 * </ul>
 *
 * @param <K> what batches are kept apart by (a table's kind, a stack)
 * @param <I> one request's part of the statement
 * @param <O> what the statement answers for one request
 */
public final class GroupCommit<K, I, O> {

    /** The batch cap of the design (ARCHITECTURE.md "Performance rules"). */
    public static final int MAX_BATCH = 64;

    /**
     * One statement for one batch of a key's items, in arrival order, run on the leader's thread:
     * one outcome per item, in order. A throw is the answer of every item of the batch, unless the
     * {@link Split} says the failure may lie in one of them.
     */
    @FunctionalInterface
    public interface Statement<K, I, O> {
        List<Outcome<O>> send(K key, List<I> items);

        /** A statement that answers every item with a value, and fails only as a whole (by throwing). */
        static <K, I, O> Statement<K, I, O> answering(BiFunction<K, List<I>, List<O>> values) {
            return (key, items) -> {
                List<O> answers = values.apply(key, items);
                List<Outcome<O>> outcomes = new ArrayList<>(answers.size());
                for (O answer : answers) {
                    outcomes.add(Outcome.of(answer));
                }
                return outcomes;
            };
        }
    }

    /** What one item got from its statement: a value, or the failure that is its own. */
    public record Outcome<O>(O value, RuntimeException failure) {
        public static <O> Outcome<O> of(O value) {
            return new Outcome<>(value, null);
        }

        public static <O> Outcome<O> failed(RuntimeException failure) {
            return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
        }

        /** The value, or the failure thrown. */
        O get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** How a failing batch is split: whether its statement's failure may lie in one of its items. */
    @FunctionalInterface
    public interface Split {
        /**
         * True when {@code failure} may belong to one item and nothing of the statement was written
         * (e.g. a row that breaks a constraint): the batch is then sent again in halves, down to the
         * one item, whose answer the failure is. False: the failure is every item's answer.
         */
        boolean mayLieInOneItem(RuntimeException failure);

        /** Every failure is the whole batch's. */
        Split NEVER = failure -> false;
    }

    private final BatchSizeMeter.Kind kind;
    private final BatchSizeMeter meter;
    private final int maxBatch;
    private final int lanes;
    private final Duration bound;
    private final Statement<K, I, O> statement;
    private final Split split;

    /** The keys with a statement in flight, each with its queue. */
    private final ConcurrentHashMap<K, Line<I, O>> lines = new ConcurrentHashMap<>();

    /** {@link #MAX_BATCH} per batch and one statement of a key in flight at a time. */
    public GroupCommit(
            BatchSizeMeter.Kind kind, BatchSizeMeter meter, Duration bound, Statement<K, I, O> statement, Split split) {
        this(kind, meter, MAX_BATCH, 1, bound, statement, split);
    }

    /**
     * @param kind the metric's kind of request
     * @param meter told every batch's size before it is sent
     * @param maxBatch the most requests one statement carries
     * @param lanes the most statements of one key in flight at once
     * @param bound how long a queued caller waits for its answer at most
     */
    public GroupCommit(
            BatchSizeMeter.Kind kind,
            BatchSizeMeter meter,
            int maxBatch,
            int lanes,
            Duration bound,
            Statement<K, I, O> statement,
            Split split) {
        if (maxBatch < 1 || lanes < 1) {
            throw new IllegalArgumentException("maxBatch and lanes must be >= 1, got " + maxBatch + ", " + lanes);
        }
        this.kind = Objects.requireNonNull(kind, "kind");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.maxBatch = maxBatch;
        this.lanes = lanes;
        this.bound = Objects.requireNonNull(bound, "bound");
        this.statement = Objects.requireNonNull(statement, "statement");
        this.split = Objects.requireNonNull(split, "split");
    }

    /**
     * Sends {@code item} in the next statement of {@code key} and answers what that statement
     * answered for it (or throws the failure that is its answer). Blocks at most the bound while
     * queued; a caller that leads blocks as long as its statement.
     */
    public O submit(K key, I item) {
        Objects.requireNonNull(key, "key");
        Member<I, O> me = new Member<>(item);
        Line<I, O> line;
        boolean lead;
        while (true) {
            line = lines.get(key);
            if (line == null) {
                line = lines.computeIfAbsent(key, k -> new Line<>());
            }
            line.lock.lock();
            try {
                if (line.retired) {
                    continue; // its last leader just removed it: take the key's new one
                }
                lead = line.inFlight < lanes;
                if (lead) {
                    line.inFlight++;
                    me.state = State.LEADING;
                } else {
                    line.queue.addLast(me);
                }
                break;
            } finally {
                line.lock.unlock();
            }
        }
        if (lead || awaitTurn(line, me)) {
            lead(key, line, me);
        }
        return me.answer();
    }

    /** How many requests of {@code key} wait for a statement right now (an observation: tests, metrics). */
    public int queued(K key) {
        Line<I, O> line = lines.get(key);
        if (line == null) {
            return 0;
        }
        line.lock.lock();
        try {
            return line.queue.size();
        } finally {
            line.lock.unlock();
        }
    }

    /** How many keys have a statement in flight right now: the per-key state held (an observation). */
    public int activeKeys() {
        return lines.size();
    }

    /**
     * Waits until the member is answered (false) or handed the lead (true), at most the bound; past
     * it, answers the member with the failure its state calls for.
     */
    private boolean awaitTurn(Line<I, O> line, Member<I, O> me) {
        try {
            return me.turn.get(bound.toNanos(), TimeUnit.NANOSECONDS) == Turn.LEAD;
        } catch (TimeoutException e) {
            return giveUp(line, me, new TimeoutException("no answer within " + bound));
        } catch (InterruptedException e) {
            try {
                return giveUp(line, me, e);
            } finally {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a group commit turn never fails", e);
        }
    }

    /** The wait ended without an answer: decided under the key's lock by where the member is. */
    private boolean giveUp(Line<I, O> line, Member<I, O> me, Exception why) {
        line.lock.lock();
        try {
            switch (me.state) {
                case QUEUED -> {
                    // no statement carries it: nothing was sent, nothing written
                    line.queue.remove(me);
                    me.answer(Outcome.failed(DomainException.storageUnavailable(why)));
                    return false;
                }
                case LEADING -> {
                    // handed a lane just now: the requests behind it must be sent, so it leads
                    return true;
                }
                default -> {
                    // in a statement: it may have been committed (unless its answer is in already)
                    me.answer(Outcome.failed(DomainException.outcomeUnknown(why)));
                    return false;
                }
            }
        } finally {
            line.lock.unlock();
        }
    }

    /**
     * Sends one batch, {@code own} (the leader's request, no longer queued) and the oldest queued ones,
     * answers every member of it, then hands the lane on (or frees it).
     */
    private void lead(K key, Line<I, O> line, Member<I, O> own) {
        List<Member<I, O>> batch = new ArrayList<>();
        line.lock.lock();
        try {
            own.state = State.SENT;
            batch.add(own);
            Member<I, O> next;
            while (batch.size() < maxBatch && (next = line.queue.pollFirst()) != null) {
                next.state = State.SENT;
                batch.add(next);
            }
        } finally {
            line.lock.unlock();
        }
        try {
            meter.sent(kind, batch.size());
            send(key, line, batch);
        } catch (RuntimeException | Error e) {
            // a bug here or in the meter: every member learns it, none is left waiting
            answerAll(line, batch, e instanceof RuntimeException r ? r : new IllegalStateException(e));
            if (e instanceof Error error) {
                throw error; // the leader's own thread carries the Error on
            }
        } finally {
            // the next statement first: its leader wakes while this batch's callers are woken
            handOver(key, line);
            batch.forEach(Member::release);
        }
    }

    /** One statement for {@code members}; when its failure may lie in one of them, each half on its own. */
    private void send(K key, Line<I, O> line, List<Member<I, O>> members) {
        List<I> items = new ArrayList<>(members.size());
        for (Member<I, O> m : members) {
            items.add(m.item);
        }
        List<Outcome<O>> outcomes;
        try {
            outcomes = statement.send(key, Collections.unmodifiableList(items));
        } catch (RuntimeException failure) {
            if (members.size() > 1 && split.mayLieInOneItem(failure)) {
                int half = members.size() / 2;
                send(key, line, members.subList(0, half));
                send(key, line, members.subList(half, members.size()));
            } else {
                answerAll(line, members, failure);
            }
            return;
        }
        if (outcomes == null || outcomes.size() != members.size()) {
            answerAll(
                    line,
                    members,
                    new IllegalStateException("a " + kind.wireName() + " statement answered "
                            + (outcomes == null ? "nothing" : outcomes.size()) + " for " + members.size()));
            return;
        }
        line.lock.lock();
        try {
            for (int i = 0; i < members.size(); i++) {
                Outcome<O> o = outcomes.get(i);
                members.get(i)
                        .answer(
                                o != null
                                        ? o
                                        : Outcome.failed(new IllegalStateException(
                                                "a " + kind.wireName() + " statement answered nothing for this item")));
            }
        } finally {
            line.lock.unlock();
        }
    }

    private void answerAll(Line<I, O> line, List<Member<I, O>> members, RuntimeException failure) {
        Outcome<O> failed = Outcome.failed(failure);
        line.lock.lock();
        try {
            members.forEach(m -> m.answer(failed));
        } finally {
            line.lock.unlock();
        }
    }

    /** The lane goes to the oldest queued member; with none queued it is freed, and the key with its last lane. */
    private void handOver(K key, Line<I, O> line) {
        Member<I, O> next;
        line.lock.lock();
        try {
            next = line.queue.pollFirst();
            if (next == null) {
                if (--line.inFlight == 0) {
                    line.retired = true;
                    lines.remove(key, line);
                }
                return;
            }
            next.state = State.LEADING;
        } finally {
            line.lock.unlock();
        }
        next.turn.complete(Turn.LEAD);
    }

    /**
     * One key's state while a statement of it is in flight. Its queue is never empty unless a lane is
     * free, so the leader that frees the last lane leaves nothing behind and retires it.
     */
    private static final class Line<I, O> {
        final ReentrantLock lock = new ReentrantLock();
        /** Requests waiting for a statement, oldest first; guarded by {@link #lock}. */
        final ArrayDeque<Member<I, O>> queue = new ArrayDeque<>();
        /** Statements of this key in flight (leaders); guarded by {@link #lock}. */
        int inFlight;
        /** Removed from the map: an arrival that finds it so takes the key's new one; guarded by {@link #lock}. */
        boolean retired;
    }

    private enum State {
        QUEUED,
        LEADING,
        SENT
    }

    private enum Turn {
        LEAD,
        ANSWERED
    }

    /**
     * One request: its item, where it is, and its answer once there is one. The state and the answer
     * are guarded by the key's lock; the answer is set first, the waiting caller woken after ({@link
     * #release}), which is what makes the answer visible to it. An answer set on the caller's own
     * thread (its wait ended) needs no waking.
     */
    private static final class Member<I, O> {
        final I item;
        State state = State.QUEUED;
        /** Completed with the lead, or once the answer is set ({@link #release}). */
        final CompletableFuture<Turn> turn = new CompletableFuture<>();

        private Outcome<O> outcome;

        Member(I item) {
            this.item = item;
        }

        /** Sets the answer unless one is set already: the first answer is the only one. */
        void answer(Outcome<O> o) {
            if (outcome == null) {
                outcome = o;
            }
        }

        /** Wakes the caller waiting for this answer. */
        void release() {
            turn.complete(Turn.ANSWERED);
        }

        O answer() {
            if (outcome == null) {
                throw new IllegalStateException("a group commit request left without an answer");
            }
            return outcome.get();
        }
    }
}
