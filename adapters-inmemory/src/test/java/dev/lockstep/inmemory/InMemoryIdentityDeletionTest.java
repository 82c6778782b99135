package dev.lockstep.inmemory;

import dev.lockstep.application.contract.IdentityDeletionContract;
import dev.lockstep.application.contract.StorageFixture;

class InMemoryIdentityDeletionTest extends IdentityDeletionContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }
}
