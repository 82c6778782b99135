package dev.lockstep.http.ops;

import dev.lockstep.http.testing.TestServer;

class InMemoryMetricsExplainAConflictTest extends MetricsExplainAConflictContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }
}
