package dev.lockstep.http.support;

import dev.lockstep.http.testing.TestServer;

class PostgresHostileInputTest extends HostileInputContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
