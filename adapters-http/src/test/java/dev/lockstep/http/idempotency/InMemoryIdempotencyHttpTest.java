package dev.lockstep.http.idempotency;

import dev.lockstep.http.testing.TestServer;
import java.util.List;

class InMemoryIdempotencyHttpTest extends IdempotencyHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }

    /** H2 is private to the server: the storage's own proof is the contract suite; here the replay answer is. */
    @Override
    List<String> storedAnswerBodies(String tenant) {
        return List.of("");
    }
}
