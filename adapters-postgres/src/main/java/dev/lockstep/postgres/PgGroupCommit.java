package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one kind of autocommit statement: requests that arrive while the statements of
 * their kind are in flight are gathered and sent together, in ONE statement (one round trip, one
 * COMMIT), as soon as one of them returns. There is no timer: a lone request is sent at once and
 * waits for nothing. A batch holds at most {@code maxBatch} requests; at most {@code lanes}
 * statements of the kind are in flight at once (with one lane, every request that arrives during a
 * statement waits for it; with a few, the database works on one batch while another waits for its
 * commit to be flushed, and PostgreSQL flushes those commits together).
 *
 * <p>No thread of its own: a caller that finds a lane free sends the statement itself (it "leads");
 * callers that find every lane busy queue and block on their own future. When a statement returns,
 * its leader answers every request of the batch and hands its lane to the oldest queued caller,
 * which sends the next batch (itself included) on its own thread. So the callers that wait are the
 * ones whose requests are in the next statement, and a leader never works for requests that came
 * after its own.
 *
 * <p>Failure isolation: what belongs to one request never fails its batch-mates. Items are built and
 * validated on each caller's own thread before they queue. When the statement still fails for a
 * reason that lies in its rows (a data exception, {@code 22…}, or an integrity constraint,
 * {@code 23…}: nothing was written, the connection is fine), the batch is split in halves and each
 * half sent again, down to the one offending request, which alone gets its error. Any other failure
 * is classified once by {@link PgTransactions} / {@link PgErrors} and is the answer of every request
 * of the statement: {@code storage_unavailable} when nothing was sent, {@code outcome_unknown} when the
 * connection broke after the statement (its commit) was sent.
 *
 * <p>Every wait is bounded: a queued caller waits at most {@code bound} for its answer. Still queued
 * then (no statement was sent for it), it leaves the queue and answers {@code storage_unavailable};
 * already sent, it answers {@code outcome_unknown}. The lock is a {@link ReentrantLock}, which a
 * virtual thread can wait on without pinning its carrier.
 *
 * @param <I> a request's part of the statement (its row, ready to bind)
 * @param <O> what the statement answers for one request
 */
final class PgGroupCommit<I, O> {

    /** The batch cap of the design (ARCHITECTURE.md "Performance rules"). */
    static final int MAX_BATCH = 64;

    /** Statements of one kind in flight at once. */
    static final int LANES = 1;

    /** One statement for the given items, in autocommit on {@code c}: one answer per item, in order. */
    @FunctionalInterface
    interface Statement<I, O> {
        List<O> send(Connection c, List<I> items) throws SQLException;
    }

    private final BatchSizeMeter.Kind kind;
    private final PgTransactions tx;
    private final Statement<I, O> statement;
    private final BatchSizeMeter meter;
    private final int maxBatch;
    private final Duration bound;

    private final ReentrantLock lock = new ReentrantLock();
    /** Requests waiting for a statement, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Slot<I, O>> queue = new ArrayDeque<>();

    private final int lanes;
    /** Statements of this kind in flight (leaders); guarded by {@link #lock}. */
    private int inFlight;

    PgGroupCommit(
            BatchSizeMeter.Kind kind,
            PgTransactions tx,
            Statement<I, O> statement,
            BatchSizeMeter meter,
            int maxBatch,
            int lanes,
            Duration bound) {
        if (maxBatch < 1 || lanes < 1) {
            throw new IllegalArgumentException("maxBatch and lanes must be >= 1, got " + maxBatch + ", " + lanes);
        }
        this.lanes = lanes;
        this.kind = kind;
        this.tx = tx;
        this.statement = statement;
        this.meter = meter;
        this.maxBatch = maxBatch;
        this.bound = bound;
    }

    /**
     * Sends {@code item} in the next statement of this kind and answers what that statement answered
     * for it. Blocks at most the bound.
     */
    O submit(I item) {
        Slot<I, O> slot = new Slot<>(item);
        boolean lead;
        lock.lock();
        try {
            lead = inFlight < lanes;
            if (lead) {
                inFlight++;
                slot.state = State.LEADING;
            } else {
                queue.addLast(slot);
            }
        } finally {
            lock.unlock();
        }
        if (lead || awaitTurn(slot)) {
            lead(slot);
        }
        return slot.answer();
    }

    /** How many requests wait for a statement right now (tests: a queued caller is observable). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the slot is answered (false) or handed the lead (true), at most the bound; past it,
     * answers the slot with the failure its state calls for.
     */
    private boolean awaitTurn(Slot<I, O> slot) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        try {
            return slot.turn.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == Turn.LEAD;
        } catch (TimeoutException e) {
            return giveUp(slot, null);
        } catch (InterruptedException e) {
            interrupted = true;
            return giveUp(slot, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a group commit turn never fails", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The bound ran out (or the wait was interrupted): decided under the lock by the slot's state. */
    private boolean giveUp(Slot<I, O> slot, InterruptedException interrupt) {
        lock.lock();
        try {
            switch (slot.state) {
                case QUEUED -> {
                    // no statement carries it: nothing was sent, nothing written
                    queue.remove(slot);
                    slot.fail(DomainException.storageUnavailable(
                            interrupt != null ? interrupt : new SQLTimeoutException("no statement within " + bound)));
                    return false;
                }
                case LEADING -> {
                    // handed a lane just now: the requests behind it must be sent, so lead
                    return true;
                }
                case SENT -> {
                    if (!slot.answered()) {
                        slot.fail(DomainException.outcomeUnknown(
                                interrupt != null
                                        ? interrupt
                                        : new SQLTimeoutException(
                                                "no answer within " + bound + " after the statement was sent")));
                    }
                    return false;
                }
                default -> {
                    return false; // answered meanwhile
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one batch, {@code own} (the leader's request, no longer queued) and the oldest queued ones,
     * answers it, then hands the lane on (or frees it).
     */
    private void lead(Slot<I, O> own) {
        List<Slot<I, O>> batch = new ArrayList<>();
        lock.lock();
        try {
            own.state = State.SENT;
            batch.add(own);
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                Slot<I, O> s = queue.pollFirst();
                s.state = State.SENT;
                batch.add(s);
            }
        } finally {
            lock.unlock();
        }
        try {
            meter.sent(kind, batch.size());
            send(batch);
        } catch (RuntimeException | Error e) {
            // a bug in the statement's own code: every request of the batch learns it, none is left waiting
            for (Slot<I, O> s : batch) {
                s.fail(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
            throw e;
        } finally {
            // the next statement first: its leader wakes while this batch's callers are woken
            handOver();
            batch.forEach(Slot::release);
        }
    }

    private void handOver() {
        Slot<I, O> next;
        lock.lock();
        try {
            // the lane goes to the oldest queued request, out of the queue so no one else picks it
            next = queue.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
            next.state = State.LEADING;
        } finally {
            lock.unlock();
        }
        next.turn.complete(Turn.LEAD);
    }

    /** One statement for {@code batch}; when it fails for its rows, each half on its own. */
    private void send(List<Slot<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(s -> items.add(s.item));
        Sent<O> sent;
        try {
            sent = tx.autocommitWrite(c -> {
                try {
                    return new Sent<>(statement.send(c, items), null);
                } catch (SQLException e) {
                    if (inItsRows(e)) {
                        // the statement was rolled back on its own; the connection is fine
                        return new Sent<>(null, e);
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            // classified once (storage_unavailable, outcome_unknown, ...): the same for every request in it
            batch.forEach(s -> s.fail(e));
            return;
        }
        if (sent.rowFailure == null) {
            if (sent.answers.size() != batch.size()) {
                throw new IllegalStateException(
                        "a " + kind.wireName() + " statement answered " + sent.answers.size() + " of " + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(sent.answers.get(i));
            }
        } else if (batch.size() == 1) {
            batch.get(0).fail(PgErrors.translate(sent.rowFailure, null, PgErrors.Phase.COMMIT_SENT));
        } else {
            int half = batch.size() / 2;
            send(batch.subList(0, half));
            send(batch.subList(half, batch.size()));
        }
    }

    /** A failure that lies in the statement's rows: a data exception or a broken integrity constraint. */
    private static boolean inItsRows(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private record Sent<O>(List<O> answers, SQLException rowFailure) {}

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
     * One request: its item, where it is, and its answer once there is one. The answer is set first
     * ({@link #succeed}, {@link #fail}), the waiting caller woken after ({@link #release}); a failure
     * set on the caller's own thread (its bound ran out) needs no waking.
     */
    private static final class Slot<I, O> {
        final I item;
        /** Guarded by the batcher's lock. */
        State state = State.QUEUED;
        /** Completed with the lead, or once the answer is set ({@link #release}). */
        final CompletableFuture<Turn> turn = new CompletableFuture<>();

        private volatile boolean answered;
        private O value;
        private RuntimeException failure;

        Slot(I item) {
            this.item = item;
        }

        synchronized void succeed(O v) {
            if (!answered) {
                value = v;
                answered = true;
            }
        }

        synchronized void fail(RuntimeException e) {
            if (!answered) {
                failure = e;
                answered = true;
            }
        }

        /** Wakes the caller waiting for this answer. */
        void release() {
            turn.complete(Turn.ANSWERED);
        }

        boolean answered() {
            return answered;
        }

        synchronized O answer() {
            if (!answered) {
                throw new IllegalStateException("a group commit request left without an answer");
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
