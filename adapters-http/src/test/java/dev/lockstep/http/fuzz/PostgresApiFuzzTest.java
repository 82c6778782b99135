package dev.lockstep.http.fuzz;

import dev.lockstep.http.testing.TestServer;

class PostgresApiFuzzTest extends ApiFuzzContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
