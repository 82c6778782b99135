package dev.lockstep.postgres;

import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.contract.TenantWriteLocksContract;
import dev.lockstep.postgres.testing.PostgresFixture;

class PostgresTenantWriteLocksTest extends TenantWriteLocksContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture();
    }
}
