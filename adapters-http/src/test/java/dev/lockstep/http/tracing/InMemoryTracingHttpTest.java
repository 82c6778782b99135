package dev.lockstep.http.tracing;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.inmemory.InMemoryStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class InMemoryTracingHttpTest extends TracingHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }

    /** The tenant's gate, then the stack's key lock (no pool in memory). */
    @Override
    List<String> patchLockWaits() {
        return List.of("tenant", "row");
    }

    /** A unit of work of the server's own storage, on a test thread, locking the stack's key. */
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
