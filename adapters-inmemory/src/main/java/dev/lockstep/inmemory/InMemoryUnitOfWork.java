package dev.lockstep.inmemory;

import dev.lockstep.domain.DomainException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One unit of work in memory, the stand-in for a database transaction, passed explicitly to every
 * store call that belongs to it: an undo log replayed backwards when the work throws, actions that
 * run only after success (log entries get their sequence numbers there, so they appear in commit
 * order), and key locks held until the unit ends (the stand-in for {@code SELECT … FOR UPDATE}).
 * A unit is confined to the thread that runs it.
 */
public final class InMemoryUnitOfWork {
    private final KeyLocks keyLocks;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> release = new ArrayList<>();
    private final Set<Object> held = new HashSet<>();

    private InMemoryUnitOfWork(KeyLocks keyLocks) {
        this.keyLocks = keyLocks;
    }

    /**
     * Runs {@code work} as a new unit: on failure its changes are undone (newest first), on success
     * its after-commit actions run; either way its locks are released last, newest first.
     */
    static <T> T run(KeyLocks keyLocks, Function<InMemoryUnitOfWork, T> work) {
        InMemoryUnitOfWork unit = new InMemoryUnitOfWork(keyLocks);
        try {
            T result;
            try {
                result = work.apply(unit);
            } catch (RuntimeException | Error e) {
                while (!unit.undo.isEmpty()) {
                    unit.undo.pop().run();
                }
                throw e;
            }
            for (Runnable action : unit.afterCommit) {
                action.run();
            }
            return result;
        } finally {
            for (int i = unit.release.size() - 1; i >= 0; i--) {
                unit.release.get(i).run();
            }
        }
    }

    /** Registers how to take back a change just made, should the unit fail. */
    void onRollback(Runnable inverse) {
        undo.push(inverse);
    }

    /** Puts {@code key → value} in {@code map} as part of this unit; undone by restoring what was there. */
    <K, V> void put(Map<K, V> map, K key, V value) {
        V previous = map.put(key, value);
        onRollback(() -> {
            if (previous == null) {
                map.remove(key, value);
            } else {
                map.put(key, previous);
            }
        });
    }

    /** Removes {@code key} from {@code map} as part of this unit; undone by putting it back. */
    <K, V> void remove(Map<K, V> map, K key) {
        V previous = map.remove(key);
        if (previous != null) {
            onRollback(() -> map.put(key, previous));
        }
    }

    /** Runs {@code action} once the unit has succeeded. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs {@code action} when the unit ends, either way, after the after-commit actions; LIFO. */
    void onRelease(Runnable action) {
        release.add(action);
    }

    /**
     * Locks {@code key} until the unit ends, waiting at most {@code timeout} (the in-memory
     * {@code lock_timeout} + {@code FOR UPDATE}). Re-entrant within the unit. Public so that a test
     * can hold a store's row key from another unit ({@link InMemoryStorage#runUnit}).
     *
     * @throws DomainException {@code lock_timeout} when not granted in time
     */
    public void lockKey(Object key, Duration timeout, String what) {
        if (held.contains(key)) {
            return;
        }
        ReentrantLock lock = keyLocks.of(key);
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
        held.add(key);
        // the release action keeps a strong reference to the lock, so the weak cache cannot drop it
        release.add(lock::unlock);
    }
}
