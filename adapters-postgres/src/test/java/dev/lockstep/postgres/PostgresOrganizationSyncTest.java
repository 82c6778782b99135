package dev.lockstep.postgres;

import dev.lockstep.application.contract.OrganizationSyncContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresOrganizationSyncTest extends OrganizationSyncContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }
}
