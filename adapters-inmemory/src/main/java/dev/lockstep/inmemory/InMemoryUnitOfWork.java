package dev.lockstep.inmemory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import dev.lockstep.domain.DomainException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-memory stand-in for a database transaction: work on one thread, an undo log that is
 * replayed backwards when the work throws, actions that run only after success (log entries get
 * their sequence numbers there, so they appear in commit order), and per-key locks held until the
 * unit ends (the stand-in for {@code SELECT … FOR UPDATE}). Nested calls join the outer unit.
 */
public final class InMemoryUnitOfWork {

    private final ThreadLocal<Unit> current = new ThreadLocal<>();
    private final LoadingCache<Object, ReentrantLock> keyLocks =
            CacheBuilder.newBuilder().weakValues().build(CacheLoader.from(() -> new ReentrantLock()));

    /** State of one running unit. */
    static final class Unit {
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<Runnable> release = new ArrayList<>();
        private final Set<Object> held = new HashSet<>();
    }

    /** Runs {@code work} as a unit, or as part of the unit already running on this thread. */
    public <T> T run(Supplier<T> work) {
        Unit outer = current.get();
        if (outer != null) {
            return work.get();
        }
        Unit unit = new Unit();
        current.set(unit);
        try {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                while (!unit.undo.isEmpty()) {
                    unit.undo.pop().run();
                }
                throw e;
            }
            for (Runnable r : unit.afterCommit) {
                r.run();
            }
            return result;
        } finally {
            current.remove();
            for (int i = unit.release.size() - 1; i >= 0; i--) {
                unit.release.get(i).run();
            }
        }
    }

    /** Whether a unit runs on this thread. */
    public boolean active() {
        return current.get() != null;
    }

    /** Registers how to take back a change just made; without a unit the change simply stands. */
    public void onRollback(Runnable undo) {
        Unit unit = current.get();
        if (unit != null) {
            unit.undo.push(undo);
        }
    }

    /** Runs {@code action} when the unit succeeds (at once when no unit runs). */
    public void afterCommit(Runnable action) {
        Unit unit = current.get();
        if (unit != null) {
            unit.afterCommit.add(action);
        } else {
            action.run();
        }
    }

    /** Runs {@code action} when the unit ends, either way, after the after-commit actions; LIFO. */
    void onRelease(Runnable action) {
        required().release.add(action);
    }

    /** Whether this unit already holds {@code marker} (a tenant lock, a key lock). */
    boolean holds(Object marker) {
        Unit unit = current.get();
        return unit != null && unit.held.contains(marker);
    }

    void markHeld(Object marker) {
        required().held.add(marker);
    }

    /**
     * Locks {@code key} until the unit ends, waiting at most {@code timeout} (the in-memory
     * {@code SET LOCAL lock_timeout} + {@code FOR UPDATE}). Re-entrant within the unit.
     *
     * @throws DomainException {@code lock_timeout} when not granted in time
     */
    public void lockKey(Object key, Duration timeout, String what) {
        Unit unit = required();
        if (unit.held.contains(key)) {
            return;
        }
        ReentrantLock lock = keyLocks.getUnchecked(key);
        boolean granted;
        try {
            granted = lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.lockTimeout(what);
        }
        if (!granted) {
            throw DomainException.lockTimeout(what);
        }
        unit.held.add(key);
        // keep a strong reference to the lock while held, so the weak cache cannot drop it
        unit.release.add(lock::unlock);
    }

    private Unit required() {
        Unit unit = current.get();
        if (unit == null) {
            throw new IllegalStateException("no unit of work on this thread");
        }
        return unit;
    }
}
