package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.contract.TenantWriteLocksContract;
import dev.lockstep.postgres.testing.PostgresFixture;

/** The tenant-locking contract with {@code lockstep.tenant.lock = row}: the same cases as the advisory lock's. */
class PostgresRowTenantWriteLocksTest extends TenantWriteLocksContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture(StorageSettings.TenantLock.ROW);
    }
}
