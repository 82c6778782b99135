package dev.lockstep.postgres.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.PostgresStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/** A fresh, migrated database per test class, on the server {@link TestPostgres} found. */
public final class PostgresFixture implements StorageFixture {
    private final TestPostgres.Database database;
    private final HikariDataSource pool;
    private final Clock clock;
    /** The tenant lock of every storage this fixture makes, whatever the settings a test passes. */
    private final StorageSettings.TenantLock tenantLock;
    /** The connection {@link #lockWaiters} looks through, outside the pool. */
    private Connection observer;

    public PostgresFixture() {
        this(Clock.systemUTC());
    }

    public PostgresFixture(Clock clock) {
        this(clock, StorageSettings.TenantLock.ADVISORY);
    }

    /** Storages with this tenant lock ({@code lockstep.tenant.lock}); the contract suites run on both. */
    public PostgresFixture(StorageSettings.TenantLock tenantLock) {
        this(Clock.systemUTC(), tenantLock);
    }

    public PostgresFixture(Clock clock, StorageSettings.TenantLock tenantLock) {
        this.clock = clock;
        this.tenantLock = tenantLock;
        this.database = TestPostgres.freshDatabase(callerHint());
        this.pool = database.pool(20);
        PostgresStorage.migrate(pool);
    }

    public TestPostgres.Database database() {
        return database;
    }

    public HikariDataSource dataSource() {
        return pool;
    }

    @Override
    public StoragePorts storage(StorageSettings settings) {
        return new PostgresStorage(pool, clock, settings.withTenantLock(tenantLock));
    }

    /**
     * Counts the backends of this fixture's database that wait for a lock ({@code pg_locks} rows not
     * granted; a backend waits for one lock at a time). Each test class has its own database, so only
     * its own waiters count. Read on a raw connection of its own, never one of the pool under test.
     */
    @Override
    public synchronized int lockWaiters(StoragePorts storage) {
        String sql =
                """
        SELECT count(DISTINCT l.pid) FROM pg_locks l
          JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND a.datname = current_database()
        """;
        try {
            if (observer == null || observer.isClosed()) {
                observer = database.connect();
            }
            try (PreparedStatement ps = observer.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return tenantLock == StorageSettings.TenantLock.ROW ? "postgres (row tenant lock)" : "postgres";
    }

    @Override
    public synchronized void close() {
        try {
            if (observer != null) {
                observer.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.close();
        }
    }

    private static String callerHint() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            String cls = e.getClassName();
            if (!cls.startsWith("dev.lockstep.postgres.testing") && cls.startsWith("dev.lockstep")) {
                return cls.substring(cls.lastIndexOf('.') + 1);
            }
        }
        return "test";
    }
}
