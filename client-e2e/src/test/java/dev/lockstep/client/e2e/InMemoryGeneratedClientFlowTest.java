package dev.lockstep.client.e2e;

import dev.lockstep.http.testing.TestServer;

class InMemoryGeneratedClientFlowTest extends GeneratedClientFlowContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
