package dev.lockstep.postgres;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.StackEnvContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

class PostgresStackEnvTest extends StackEnvContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }

  /** A second connection outside the pool: BEGIN; SELECT … FOR UPDATE; held until closed (rollback). */
  @Override
  protected HeldRowLock holdStackRowLock(StoragePorts storage, TenantId tenant, Slug slug) throws Exception {
    Connection c = ((PostgresFixture) fixture).database().connect();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM stacks WHERE tenant_id = ? AND slug = ? FOR UPDATE")) {
      ps.setString(1, tenant.value());
      ps.setString(2, slug.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no such stack to lock");
        }
      }
    }
    return () -> {
      try (c) {
        c.rollback();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
