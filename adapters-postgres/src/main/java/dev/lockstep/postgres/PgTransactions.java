package dev.lockstep.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The two ways this adapter talks to the database. {@link #inUnit} runs a unit of work: it takes one
 * pooled connection, turns autocommit off, hands the work an explicit {@link PgUnit}, and commits it
 * (or rolls it back when the work fails). {@link #autocommit} runs one statement on a pooled
 * connection as its own transaction — which is how a query or a gated create stays one round trip.
 * Nothing is bound to the calling thread: whatever runs in a unit gets the unit passed to it.
 *
 * <p>Locks are never released by hand: every lock this adapter takes is transaction-scoped
 * ({@code *_xact_lock}, {@code FOR UPDATE}) and ends with the commit or rollback here.
 *
 * <p>Failures are classified by {@link PgErrors}. A unit that loses a deadlock or a serialization
 * conflict runs again from the start, at most {@value #ATTEMPTS} times in all with a short random
 * pause between (so the two losers of one deadlock do not collide again), then answers
 * {@code storage_unavailable}. A connection that could not even roll back is broken: it is evicted
 * from the pool, never handed out again.
 *
 * <p>Requests queue for a connection here, first come first served, not inside the pool: a fair
 * semaphore holds one permit per pooled connection, and a request waits for a permit at most the
 * connection wait ({@code lockstep.storage.connection-wait}), then answers {@code
 * storage_unavailable}. Once more requests want a connection than the pool has, waiting inside
 * HikariCP is neither fair nor cheap: its hand-off lets a newcomer take a returned connection ahead
 * of a waiter, again and again (GETs waited up to 1 s at 6 connections), and costs 6-8 context
 * switches per request instead of 4 (measured in {@code
 * bench/results/2026-12-03-admission/windows.md}). With a permit the pool has a connection idle,
 * unless the database is away and the pool is opening new ones; a request waits for that only what
 * is left of its connection wait after its turn came, so the turn and the connection together stay
 * within the one bound.
 */
final class PgTransactions {

    /** Runs of one unit of work (or one autocommit statement) that lost a deadlock or serialization conflict. */
    static final int ATTEMPTS = 4;

    /** The pause before a retry is random in [1, this × attempt] ms. */
    private static final int RETRY_JITTER_MS = 20;

    /** The body of a unit of work. */
    @FunctionalInterface
    interface UnitBody<T> {
        T run(PgUnit unit) throws SQLException;
    }

    private final DataSource dataSource;
    /** The HikariCP pool behind {@link #dataSource}, if that is what it is. */
    private final Optional<HikariDataSource> hikari;

    private final LockWaits lockWaits;
    /** One permit per pooled connection, handed out in arrival order. */
    private final Semaphore admission;

    private final long admissionWaitNanos;

    /**
     * @param connections how many connections the pool holds at most: as many units and statements run
     *     at once, the rest wait in arrival order
     * @param connectionWait how long a unit or statement waits for its turn before it answers {@code
     *     storage_unavailable}
     */
    PgTransactions(DataSource dataSource, LockWaits lockWaits, int connections, Duration connectionWait) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, got " + connections);
        }
        this.dataSource = dataSource;
        this.hikari = hikari(dataSource);
        this.lockWaits = lockWaits;
        this.admission = new Semaphore(connections, true);
        this.admissionWaitNanos = connectionWait.toNanos();
    }

    /**
     * Runs {@code body} as one transaction; commits when it returns, rolls back when it throws. The
     * body may run more than once (a lost deadlock), each time in a fresh transaction, so it must
     * not act outside the database.
     */
    <T> T inUnit(UnitBody<T> body) {
        PgErrors.RetryUnit lost = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return once(body);
            } catch (PgErrors.RetryUnit e) {
                lost = e;
                pauseBeforeRetry(attempt);
            }
        }
        throw PgErrors.retriesExhausted(lost);
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit: each statement is its own transaction,
     * and a read. A broken connection means {@code storage_unavailable}.
     */
    <T> T autocommit(PgUnit.SqlWork<T> work) {
        return autocommit(work, PgErrors.Phase.BEFORE_COMMIT);
    }

    /**
     * Runs one writing statement in autocommit: sending it is sending its COMMIT, so a connection
     * that breaks while it runs means {@code outcome_unknown}.
     */
    <T> T autocommitWrite(PgUnit.SqlWork<T> work) {
        return autocommit(work, PgErrors.Phase.COMMIT_SENT);
    }

    private <T> T autocommit(PgUnit.SqlWork<T> work, PgErrors.Phase phase) {
        PgErrors.RetryUnit lost = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Connection connection = open();
            boolean healthy = false;
            try {
                T result = work.run(connection);
                healthy = true;
                return result;
            } catch (SQLException e) {
                RuntimeException failure = PgErrors.translate(e, connection, phase);
                healthy = !PgErrors.broken(e, connection);
                if (!(failure instanceof PgErrors.RetryUnit retry)) {
                    throw failure;
                }
                lost = retry;
            } finally {
                release(connection, healthy);
            }
            pauseBeforeRetry(attempt);
        }
        throw PgErrors.retriesExhausted(lost);
    }

    private <T> T once(UnitBody<T> body) {
        Connection connection = open();
        boolean committed = false;
        try {
            connection.setAutoCommit(false);
            PgUnit unit = new PgUnit(connection, lockWaits);
            T result = body.run(unit);
            unit.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw PgErrors.translate(e, connection, PgErrors.Phase.BEFORE_COMMIT);
        } finally {
            // a connection that cannot roll back is broken, whatever the exception said
            release(connection, committed || rollback(connection));
        }
    }

    /**
     * Waits for a turn, then takes a pooled connection; the turn ends in {@link #release}. The turn and
     * the connection share one bound, the connection wait: a request that got its turn late waits
     * only what is left of it for the pool (which, while the database is away, is opening
     * connections), so it answers {@code storage_unavailable} within the connection wait, not twice it.
     */
    private Connection open() {
        long deadline = admit();
        boolean opened = false;
        try {
            Connection connection = connection(deadline);
            opened = true;
            return connection;
        } catch (SQLException e) {
            throw DomainException.storageUnavailable(e);
        } finally {
            if (!opened) {
                admission.release();
            }
        }
    }

    /**
     * A pooled connection, waiting for the pool at most until {@code deadline} when the data source is
     * a HikariCP pool itself; through anything wrapped around a pool, as long as the pool's own
     * timeout (the wrapper's {@code getConnection} is not bypassed).
     */
    private Connection connection(long deadline) throws SQLException {
        if (dataSource instanceof HikariDataSource pool
                && !pool.isClosed()
                && pool.getHikariPoolMXBean() instanceof HikariPool connections) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            return connections.getConnection(Math.max(0, left));
        }
        return dataSource.getConnection();
    }

    /** Waits for a turn at most the connection wait; returns when that wait ends ({@link System#nanoTime}). */
    private long admit() {
        long start = System.nanoTime();
        boolean granted;
        try {
            // with a timeout, even 0, the fair semaphore serves the queue first; tryAcquire() would barge
            granted = admission.tryAcquire(admissionWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.storageUnavailable(e);
        }
        try {
            lockWaits.waited(LockWaits.Kind.CONNECTION, Duration.ofNanos(System.nanoTime() - start), granted);
        } catch (RuntimeException e) {
            if (granted) {
                admission.release(); // a failing meter must not keep the turn for good
            }
            throw e;
        }
        if (!granted) {
            throw DomainException.storageUnavailable(
                    new SQLException("no database connection was free within " + Duration.ofNanos(admissionWaitNanos)));
        }
        return start + admissionWaitNanos;
    }

    /** Rolls back; false when the connection is broken (closed, or the rollback itself failed). */
    private static boolean rollback(Connection connection) {
        try {
            if (connection.isClosed()) {
                return false;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return true;
        } catch (SQLException e) {
            // the server rolled back on its own when the connection broke
            return false;
        }
    }

    /**
     * Hands a healthy connection back to the pool; evicts a broken one so nobody gets it again. The
     * turn ends whatever handing back does.
     */
    private void release(Connection connection, boolean healthy) {
        try {
            if (healthy) {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException e) {
                    healthy = false;
                }
            }
            if (!healthy) {
                evict(connection);
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do with a connection that cannot even close
            }
        } finally {
            admission.release();
        }
    }

    private void evict(Connection connection) {
        if (hikari.isPresent()) {
            hikari.get().evictConnection(connection);
            return;
        }
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already gone
        }
    }

    /** The HikariCP pool behind {@code dataSource}, if that is what it is. */
    static Optional<HikariDataSource> hikari(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                return Optional.of(dataSource.unwrap(HikariDataSource.class));
            }
        } catch (SQLException ignored) {
            // not a Hikari pool after all
        }
        return Optional.empty();
    }

    private static void pauseBeforeRetry(int attempt) {
        if (attempt < ATTEMPTS) {
            long ms = ThreadLocalRandom.current().nextLong(1, RETRY_JITTER_MS * (long) attempt + 1);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }
    }
}
