package dev.lockstep.postgres.micronaut;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What the pool opens its connections with: the driver, tried again every {@link #RETRY_INTERVAL}
 * while the database cannot be reached and a request waits for a connection.
 *
 * <p>HikariCP makes one connection attempt per call here, and after each failed one its creator
 * sleeps before the next, doubling the sleep up to 5 s while the database stays away: a database
 * that comes back after a few seconds was found again only seconds later (4.9 s after a restart in
 * one measurement). Here one call keeps trying at a fixed short interval for as long as someone
 * waits on the pool (or did within {@link #DEMAND_GRACE}), so the pool sees no failure, its sleep
 * never grows, and the first connection comes within one interval of the database (or, on a
 * multi-host URL with {@code targetServerType=primary}, a new primary) accepting connections. When
 * nobody waits, or the pool is closed, the call fails as the driver did, and the pool stops trying.
 *
 * <p>Only failures to reach a server that accepts sessions are retried: no connection at all
 * ({@code 08…}, which includes pgjdbc's "no server with the requested targetServerType"), and a
 * server starting up, shutting down or in recovery ({@code 57P01}–{@code 57P03}). A refused login
 * or an unknown database fails at once.
 */
final class PoolConnector implements DataSource {
    /** The pause between two attempts while the database is away. */
    static final Duration RETRY_INTERVAL = Duration.ofMillis(50);

    /** How long after the last waiting request the attempts go on (a gap between two requests). */
    static final Duration DEMAND_GRACE = Duration.ofSeconds(1);

    private static final Set<String> NOT_ACCEPTING_SESSIONS = Set.of("57P01", "57P02", "57P03");

    private final DataSource driver;
    private volatile HikariDataSource pool;

    PoolConnector(DataSource driver) {
        this.driver = driver;
    }

    /** From now on, attempts go on while a thread waits on {@code pool}; before this, one attempt per call. */
    void serve(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(driver::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> driver.getConnection(username, password));
    }

    /** One way of opening a connection. */
    @FunctionalInterface
    interface Attempt {
        Connection open() throws SQLException;
    }

    Connection connect(Attempt attempt) throws SQLException {
        long lastDemand = System.nanoTime();
        while (true) {
            try {
                return attempt.open();
            } catch (SQLException e) {
                if (!unreachable(e)) {
                    throw e;
                }
                HikariDataSource served = pool;
                if (served == null
                        || served.isClosed()
                        || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                long now = System.nanoTime();
                if (served.getHikariPoolMXBean().getThreadsAwaitingConnection() > 0) {
                    lastDemand = now;
                } else if (now - lastDemand > DEMAND_GRACE.toNanos()) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_INTERVAL.toNanos());
            }
        }
    }

    /** Whether {@code e} says no server accepting sessions was reached (as opposed to a refusal). */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || NOT_ACCEPTING_SESSIONS.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    /** The pool sets it from its connection timeout; it bounds each attempt, not the retries. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return driver.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || driver.isWrapperFor(iface);
    }
}
