package dev.lockstep.http.support;

import dev.lockstep.http.testing.TestServer;

class InMemoryCrossCuttingRulesTest extends CrossCuttingRulesContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.MEMORY;
  }
}
