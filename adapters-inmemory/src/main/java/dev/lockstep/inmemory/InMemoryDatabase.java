package dev.lockstep.inmemory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded H2 database under one {@link InMemoryStorage}: in memory (gone with the process) or
 * in a file (kept across restarts, one process at a time), with a small pool of its connections.
 * A unit of work is one H2 transaction on one of them; a plain read borrows one in auto-commit.
 */
public final class InMemoryDatabase implements AutoCloseable {
    /** Where the schema's migrations are, for Flyway's API here and micronaut-flyway in the server. */
    public static final String MIGRATIONS = "classpath:db/h2";

    private static final AtomicLong NAMES = new AtomicLong();
    /** Files open in this JVM: H2 would share them silently between two storages. */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private static final int MAX_IDLE = 64;

    private final JdbcDataSource dataSource;
    private final Path file;
    /** Keeps the database open while the storage lives; H2 closes it with its last connection. */
    private final Connection keeper;

    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    private InMemoryDatabase(String url, Path file) {
        this.file = file;
        this.dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        try {
            this.keeper = dataSource.getConnection();
        } catch (SQLException e) {
            if (file != null) {
                OPEN_FILES.remove(file);
            }
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new MemoryFileInUseException(file);
            }
            throw new IllegalStateException("cannot open the H2 database " + url + ": " + e.getMessage(), e);
        }
    }

    /** A new, empty database in memory, not yet migrated. */
    public static InMemoryDatabase inMemory() {
        // LOCK_TIMEOUT only guards against a bug: the adapter's JVM key locks keep two transactions
        // from changing one row at once, so H2 never has to wait for a row lock itself
        return new InMemoryDatabase(
                "jdbc:h2:mem:lockstep-" + NAMES.incrementAndGet() + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE", null);
    }

    /**
     * The database in {@code file} ({@code .mv.db} is appended by H2), created when absent, not yet
     * migrated. Every commit is written to the file before it returns ({@code WRITE_DELAY=0}), so an
     * acknowledged write survives the process.
     *
     * @throws MemoryFileInUseException when another process (or another storage of this JVM) has the
     *     file open
     */
    public static InMemoryDatabase file(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!OPEN_FILES.add(path)) {
            throw new MemoryFileInUseException(path);
        }
        // FILE_LOCK=FS: an operating-system lock on the file, so a second process fails at once
        return new InMemoryDatabase(
                "jdbc:h2:file:" + path + ";FILE_LOCK=FS;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE", path);
    }

    /** The connections of this database, for Flyway (micronaut-flyway in the server). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Applies the migrations in {@link #MIGRATIONS} through Flyway's API (idempotent). */
    public InMemoryDatabase migrate() {
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        return this;
    }

    /** A connection of the pool, as the last user left it (auto-commit on). */
    Connection borrow() {
        Connection c = idle.poll();
        if (c != null) {
            idleCount.decrementAndGet();
            return c;
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Returns a connection in auto-commit, its transaction ended. */
    void giveBack(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            return;
        }
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.add(c);
            return;
        }
        idleCount.decrementAndGet();
        closeQuietly(c);
    }

    /** Runs {@code read} on a pooled connection in auto-commit: it sees committed rows only. */
    <T> T read(java.util.function.Function<Connection, T> read) {
        Connection c = borrow();
        try {
            return read.apply(c);
        } finally {
            giveBack(c);
        }
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.poll()) != null; ) {
            closeQuietly(c);
        }
        closeQuietly(keeper);
        if (file != null) {
            OPEN_FILES.remove(file);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing: nothing left to do with it
        }
    }
}
