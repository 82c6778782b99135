package dev.lockstep.http.threads;

import dev.lockstep.http.testing.TestServer;

class InMemoryRequestsRunOffTheEventLoopTest extends RequestsRunOffTheEventLoopContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
