package dev.lockstep.postgres;

import dev.lockstep.application.contract.IdentityDeletionContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresIdentityDeletionTest extends IdentityDeletionContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }
}
