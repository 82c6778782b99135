package dev.lockstep.inmemory;

import dev.lockstep.application.contract.SessionsContract;
import dev.lockstep.application.contract.StorageFixture;

class InMemorySessionsTest extends SessionsContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }
}
