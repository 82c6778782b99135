package dev.lockstep.http.identity;

import dev.lockstep.http.testing.TestServer;

class PostgresIdentityRoutesTest extends IdentityRoutesContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.POSTGRES;
  }
}
