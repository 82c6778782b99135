package dev.lockstep.http.records;

import dev.lockstep.http.testing.TestServer;

class PostgresRecordsHttpTest extends RecordsHttpContract {
  @Override
  TestServer.Storage storage() {
    return TestServer.Storage.POSTGRES;
  }
}
