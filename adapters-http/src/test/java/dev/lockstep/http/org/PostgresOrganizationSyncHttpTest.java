package dev.lockstep.http.org;

import dev.lockstep.http.testing.TestServer;

class PostgresOrganizationSyncHttpTest extends OrganizationSyncHttpContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.POSTGRES;
  }
}
