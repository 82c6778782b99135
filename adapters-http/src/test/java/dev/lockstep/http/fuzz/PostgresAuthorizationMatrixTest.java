package dev.lockstep.http.fuzz;

import dev.lockstep.http.testing.TestServer;

class PostgresAuthorizationMatrixTest extends AuthorizationMatrixContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }
}
