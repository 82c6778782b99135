package dev.lockstep.http.identity;

import dev.lockstep.http.testing.TestServer;

class InMemoryIdentityRoutesTest extends IdentityRoutesContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.MEMORY;
  }
}
