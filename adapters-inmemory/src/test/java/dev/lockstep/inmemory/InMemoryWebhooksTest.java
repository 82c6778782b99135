package dev.lockstep.inmemory;

import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.contract.WebhooksContract;

class InMemoryWebhooksTest extends WebhooksContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }
}
