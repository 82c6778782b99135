package dev.lockstep.client.e2e;

import dev.lockstep.http.testing.TestServer;

class PostgresGeneratedClientFlowTest extends GeneratedClientFlowContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
