package dev.lockstep.http.fuzz;

import dev.lockstep.http.testing.TestServer;

class InMemoryAuthorizationMatrixTest extends AuthorizationMatrixContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
