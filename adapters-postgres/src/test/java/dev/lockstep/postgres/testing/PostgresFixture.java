package dev.lockstep.postgres.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.PostgresStorage;
import dev.lockstep.postgres.PostgresTenantWriteLocks;
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

  public PostgresFixture() {
    this(Clock.systemUTC());
  }

  public PostgresFixture(Clock clock) {
    this.clock = clock;
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
    return new PostgresStorage(pool, clock, settings);
  }

  @Override
  public boolean purgeQueuedOrRunning(StoragePorts storage, TenantId tenant) {
    // an exclusive advisory lock on the tenant's key, granted or waiting
    String sql =
        """
        SELECT count(*) FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.mode = 'ExclusiveLock'
           AND ((l.classid::bigint << 32) | l.objid::bigint) = (SELECT hashtextextended(?, 0))
        """;
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, PostgresTenantWriteLocks.lockKey(tenant));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public void close() {
    pool.close();
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
