package dev.lockstep.postgres;

import dev.lockstep.application.contract.FeedbackRecordsContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresFeedbackRecordsTest extends FeedbackRecordsContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }
}
