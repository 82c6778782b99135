package dev.lockstep.postgres;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.PurgeContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

class PostgresPurgeTest extends PurgeContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }

  /** A plain connection outside this storage's pool, as another server instance's writer would hold it. */
  @Override
  protected AutoCloseable holdWriterOfAnotherInstance(StoragePorts s, TenantId tenant) throws Exception {
    Connection c = ((PostgresFixture) fixture).database().connect();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(PostgresTenantWriteLocks.TRY_SHARED)) {
      ps.setString(1, PostgresTenantWriteLocks.lockKey(tenant));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          c.close();
          throw new AssertionError("could not take the shared lock from the second connection");
        }
      }
    }
    return () -> {
      c.rollback();
      c.close();
    };
  }
}
