package dev.lockstep.inmemory;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One unit of work: one H2 transaction on one connection, passed explicitly to every store call that
 * belongs to it, plus the JVM key locks it holds until the transaction has ended (the stand-in for
 * {@code SELECT … FOR UPDATE}) and the change-log entries it writes, numbered ({@link
 * InMemoryLogPositions}) and inserted just before its COMMIT. A reader never sees the unit's changes
 * before that COMMIT, and a unit that fails is rolled back by H2: nothing of it remains. Confined to
 * the thread that runs it.
 */
public final class InMemoryUnitOfWork {

    /** What every unit of one storage shares; {@code lockWaits} is told how long each lock took. */
    record Shared(InMemoryDatabase db, KeyLocks keyLocks, InMemoryLogPositions logPositions, LockWaits lockWaits) {}

    /** A change-log row waiting for its seq: inserted by {@code insert} once numbered. */
    interface LogEntry {
        TenantId tenant();

        void insert(Connection c, long seq);
    }

    private final Shared shared;
    private Connection connection;
    private final List<Runnable> release = new ArrayList<>();
    private final Set<Object> held = new HashSet<>();
    private final List<LogEntry> logEntries = new ArrayList<>();

    private InMemoryUnitOfWork(Shared shared) {
        this.shared = shared;
    }

    /**
     * Runs {@code work} as a new unit: on success its log entries are numbered and its transaction
     * committed, on failure rolled back; either way its locks are released last, newest first.
     */
    static <T> T run(Shared shared, Function<InMemoryUnitOfWork, T> work) {
        InMemoryUnitOfWork unit = new InMemoryUnitOfWork(shared);
        try {
            T result;
            try {
                result = work.apply(unit);
                unit.commit();
            } catch (RuntimeException | Error e) {
                unit.rollback(e);
                throw e;
            }
            return result;
        } finally {
            for (int i = unit.release.size() - 1; i >= 0; i--) {
                unit.release.get(i).run();
            }
            if (unit.connection != null) {
                shared.db().giveBack(unit.connection);
            }
        }
    }

    /** The unit's connection, its transaction begun on first use. */
    Connection connection() {
        if (connection == null) {
            Connection c = shared.db().borrow();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                shared.db().giveBack(c);
                throw Jdbc.failure(e);
            }
            connection = c;
        }
        return connection;
    }

    /** Writes {@code entry} in this unit, numbered when the unit commits. */
    void log(LogEntry entry) {
        logEntries.add(entry);
    }

    /** Runs {@code action} when the unit ends, either way, after its transaction has ended; LIFO. */
    void onRelease(Runnable action) {
        release.add(action);
    }

    /**
     * Locks the row key {@code key} until the unit ends, waiting at most {@code timeout} (the
     * in-memory {@code lock_timeout} + {@code FOR UPDATE}). Re-entrant within the unit. Public so that
     * a test can hold a store's row key from another unit ({@link InMemoryStorage#runUnit}).
     *
     * @throws DomainException {@code lock_timeout} when not granted in time
     */
    public void lockKey(Object key, Duration timeout, String what) {
        lockKey(LockWaits.Kind.ROW, key, timeout, what);
    }

    /**
     * {@link #lockKey(Object, Duration, String)} for a lock of {@code kind}, the wait reported to the
     * storage's {@link LockWaits} (a key already held by the unit is no wait).
     */
    void lockKey(LockWaits.Kind kind, Object key, Duration timeout, String what) {
        if (held.contains(key)) {
            return;
        }
        ReentrantLock lock = shared.keyLocks().of(key);
        boolean granted = false;
        long start = System.nanoTime();
        try {
            granted = lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.lockTimeout(what);
        } finally {
            shared.lockWaits().waited(kind, Duration.ofNanos(System.nanoTime() - start), granted);
        }
        if (!granted) {
            throw DomainException.lockTimeout(what);
        }
        held.add(key);
        // the release action keeps a strong reference to the lock, so the weak cache cannot drop it
        release.add(lock::unlock);
    }

    /**
     * Locks {@code key} until the unit ends if nobody else holds it, without waiting (a scope's claim,
     * the in-memory {@code pg_try_advisory_xact_lock}). Re-entrant within the unit.
     *
     * @return false when another unit holds it
     */
    boolean tryLockKey(Object key) {
        if (held.contains(key)) {
            return true;
        }
        ReentrantLock lock = shared.keyLocks().of(key);
        if (!lock.tryLock()) {
            return false;
        }
        held.add(key);
        // the release action keeps a strong reference to the lock, so the weak cache cannot drop it
        release.add(lock::unlock);
        return true;
    }

    /**
     * Numbers the log entries and commits: the positions are reserved just before the inserts and
     * held, so that readers wait for them, until the COMMIT has returned. Nothing here waits for
     * another unit, of this tenant or any other.
     */
    private void commit() {
        if (connection == null && logEntries.isEmpty()) {
            return;
        }
        connection();
        try {
            if (logEntries.isEmpty()) {
                connection.commit();
                return;
            }
            Set<TenantId> tenants = new HashSet<>();
            logEntries.forEach(e -> tenants.add(e.tenant()));
            try (InMemoryLogPositions.Reservation positions =
                    shared.logPositions().reserve(tenants, logEntries.size())) {
                long seq = positions.first();
                for (LogEntry e : logEntries) {
                    e.insert(connection, seq++);
                }
                connection.commit();
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private void rollback(Throwable cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
