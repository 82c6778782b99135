package dev.lockstep.inmemory;

import dev.lockstep.application.contract.IdempotencyContract;
import dev.lockstep.application.contract.StorageFixture;

class InMemoryIdempotencyTest extends IdempotencyContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }
}
