package dev.lockstep.http.tenant;

import dev.lockstep.http.testing.TestServer;

class InMemoryChangeLogHttpTest extends ChangeLogFeedHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
