package dev.lockstep.postgres;

import dev.lockstep.application.contract.IdempotencyContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresIdempotencyTest extends IdempotencyContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture();
    }
}
