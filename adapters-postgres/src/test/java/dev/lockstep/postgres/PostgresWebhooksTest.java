package dev.lockstep.postgres;

import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.contract.WebhooksContract;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresWebhooksTest extends WebhooksContract {
  @Override
  protected StorageFixture createFixture() {
    return new PostgresFixture();
  }
}
