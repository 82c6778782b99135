package dev.lockstep.http.stack;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.inmemory.InMemoryStorage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class InMemoryStackHttpTest extends StackHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }

    @Override
    TestServer startAnother(java.util.Map<String, Object> properties) {
        return TestServer.start(TestServer.Storage.MEMORY, properties);
    }

    /** A unit of work of the server's own storage, on a test thread, locking the store's key. */
    @Override
    AutoCloseable holdRowLock(String tenant, String slug) throws Exception {
        InMemoryStorage storage = (InMemoryStorage) server.context().getBean(StoragePorts.class);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> storage.runUnit(unit -> {
            unit.lockKey(
                    InMemoryStorage.stackRowLockKey(TenantId.of(tenant), Slug.of(slug)),
                    Duration.ofSeconds(10),
                    "test hold");
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        if (!holding.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("could not take the row lock");
        }
        return () -> {
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        };
    }
}
