package dev.lockstep.http.tenant;

import dev.lockstep.http.testing.TestServer;

class PostgresChangeLogHttpTest extends ChangeLogFeedHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
