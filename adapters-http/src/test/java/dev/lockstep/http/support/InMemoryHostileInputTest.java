package dev.lockstep.http.support;

import dev.lockstep.http.testing.TestServer;

class InMemoryHostileInputTest extends HostileInputContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
