package dev.lockstep.http.threads;

import dev.lockstep.http.testing.TestServer;

class PostgresRequestsRunOffTheEventLoopTest extends RequestsRunOffTheEventLoopContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
