package dev.lockstep.inmemory;

/**
 * One tenant's write lock. Writers take it shared with a try; a purge takes it exclusively with a
 * bounded wait. Unlike {@code ReentrantReadWriteLock.readLock().tryLock()}, which barges past a
 * queued writer, a purge that is merely <i>queued</i> already makes new writers fail — the same
 * observable behaviour as PostgreSQL's advisory lock queue.
 */
final class TenantGate {
    private int writers;
    /** A purge holds the lock or waits for it; at most one purge proceeds at a time. */
    private boolean purgeClaimed;
    /** Purges inside {@link #acquireExclusive} that are not granted yet. */
    private int waiting;

    synchronized boolean tryShared() {
        if (purgeClaimed) {
            return false;
        }
        writers++;
        return true;
    }

    synchronized void releaseShared() {
        writers--;
        if (writers == 0) {
            notifyAll();
        }
    }

    /** Queues, then waits for in-flight writers to drain; {@code false} (and unqueued) on timeout. */
    synchronized boolean acquireExclusive(long timeoutNanos) throws InterruptedException {
        waiting++;
        try {
            return claimAndDrain(timeoutNanos);
        } finally {
            waiting--;
        }
    }

    private boolean claimAndDrain(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (purgeClaimed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitNanos(left);
        }
        purgeClaimed = true;
        try {
            while (writers > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    purgeClaimed = false;
                    notifyAll();
                    return false;
                }
                waitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            purgeClaimed = false;
            notifyAll();
            throw e;
        }
    }

    synchronized void releaseExclusive() {
        purgeClaimed = false;
        notifyAll();
    }

    /** A purge holds or waits for the lock. */
    synchronized boolean purgeQueuedOrRunning() {
        return purgeClaimed;
    }

    /** How many purges wait for this gate (queued behind another purge, or for writers to drain). */
    synchronized int waiting() {
        return waiting;
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long millis = nanos / 1_000_000L;
        int rest = (int) (nanos % 1_000_000L);
        wait(millis, rest);
    }
}
