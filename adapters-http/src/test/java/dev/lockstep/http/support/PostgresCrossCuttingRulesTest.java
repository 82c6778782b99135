package dev.lockstep.http.support;

import dev.lockstep.http.testing.TestServer;

class PostgresCrossCuttingRulesTest extends CrossCuttingRulesContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.POSTGRES;
  }
}
