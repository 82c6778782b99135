package dev.lockstep.http.org;

import dev.lockstep.http.testing.TestServer;

class InMemoryOrganizationSyncHttpTest extends OrganizationSyncHttpContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.MEMORY;
  }
}
