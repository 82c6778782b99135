package dev.lockstep.inmemory;

import dev.lockstep.application.contract.OrganizationSyncContract;
import dev.lockstep.application.contract.StorageFixture;

class InMemoryOrganizationSyncTest extends OrganizationSyncContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }
}
