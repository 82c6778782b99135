package dev.lockstep.http.records;

import dev.lockstep.http.testing.TestServer;

class InMemoryRecordsHttpTest extends RecordsHttpContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.MEMORY;
  }
}
