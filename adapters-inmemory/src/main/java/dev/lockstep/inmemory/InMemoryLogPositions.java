package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The positions ({@code seq}) of the in-memory deletion log and audit log: one counter for the whole
 * storage, handed out at COMMIT, and the units that hold positions but have not finished committing.
 *
 * <p>A committing unit reserves as many consecutive positions as it has entries ({@link #reserve}),
 * inserts its entries with them and commits its H2 transaction, then lets go ({@link
 * Reservation#close}). Only the reservation itself is serialized, a few instructions under one lock;
 * the inserts and the COMMIT of two units run side by side, whichever tenants they write. So a unit
 * may commit after a later one: a reader of a tenant gets only positions below {@link #horizon}, the
 * first position of the oldest unit still committing entries of that tenant (or the next position
 * to hand out when there is none). Every position below it belongs to a unit that has committed or
 * rolled back, and every later reservation lies above it: a reader never sees a position that a later
 * commit could still precede, which is what makes {@code ?after=seq} a safe cursor.
 *
 * <p>Positions only grow, across tenants and purges; a storage on a file starts above the highest
 * seq it holds (a purge's {@code tenant} entry keeps the highest seq of its tenant).
 */
final class InMemoryLogPositions {
    private final ReentrantLock lock = new ReentrantLock();
    /** The next position to hand out; guarded by {@link #lock}. */
    private long next;
    /** The reservations not yet closed, oldest (lowest) first; guarded by {@link #lock}. */
    private final List<Reservation> committing = new ArrayList<>();

    private InMemoryLogPositions(long next) {
        this.next = next;
    }

    /** Positions above every seq that {@code db}'s logs hold. */
    static InMemoryLogPositions above(InMemoryDatabase db) {
        long highest = db.read(c -> Jdbc.first(
                        c,
                        "SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM deletion_log), 0),"
                                + " COALESCE((SELECT MAX(seq) FROM audit_log), 0))",
                        rs -> rs.getLong(1))
                .orElse(0L));
        return new InMemoryLogPositions(highest + 1);
    }

    /**
     * Reserves {@code count} consecutive positions for a unit committing entries of {@code tenants}.
     * Close the reservation once the unit's transaction has committed or rolled back.
     */
    Reservation reserve(Set<TenantId> tenants, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a reservation holds at least one position, got " + count);
        }
        lock.lock();
        try {
            Reservation r = new Reservation(next, Set.copyOf(tenants));
            next += count;
            committing.add(r); // in order: every earlier reservation has a lower first position
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The position below which {@code tenant}'s entries are final: all of them committed, none still
     * to come.
     */
    long horizon(TenantId tenant) {
        lock.lock();
        try {
            for (Reservation r : committing) {
                if (r.tenants.contains(tenant)) {
                    return r.first;
                }
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** The positions of one committing unit, from {@link #first} on. */
    final class Reservation implements AutoCloseable {
        private final long first;
        private final Set<TenantId> tenants;

        private Reservation(long first, Set<TenantId> tenants) {
            this.first = first;
            this.tenants = tenants;
        }

        long first() {
            return first;
        }

        /** The unit's transaction has ended: its positions no longer hold readers back. */
        @Override
        public void close() {
            lock.lock();
            try {
                committing.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
