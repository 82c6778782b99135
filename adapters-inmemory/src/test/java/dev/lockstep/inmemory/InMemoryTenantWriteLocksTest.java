package dev.lockstep.inmemory;

import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.contract.TenantWriteLocksContract;

class InMemoryTenantWriteLocksTest extends TenantWriteLocksContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }
}
