package dev.lockstep.postgres;

import dev.lockstep.application.contract.SessionsContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresSessionsTest extends SessionsContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }
}
