package dev.lockstep.inmemory;

import dev.lockstep.application.contract.FeedbackRecordsContract;
import dev.lockstep.application.contract.StorageFixture;

class InMemoryFeedbackRecordsTest extends FeedbackRecordsContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }
}
