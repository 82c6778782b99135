package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.PurgeContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class InMemoryPurgeTest extends PurgeContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }

    /** In memory "another instance" can only be another thread holding the gate. */
    @Override
    protected AutoCloseable holdWriterOfAnotherInstance(StoragePorts s, TenantId tenant) {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = idleWriter(s, tenant, release);
        return () -> {
            release.countDown();
            writer.get(10, TimeUnit.SECONDS);
        };
    }
}
