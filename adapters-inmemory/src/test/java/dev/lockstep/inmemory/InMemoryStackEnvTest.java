package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.StackEnvContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class InMemoryStackEnvTest extends StackEnvContract {
  @Override
  protected StorageFixture createFixture() {
    return new InMemoryFixture();
  }

  /** A unit of work on another thread locks the same key the store locks, until closed. */
  @Override
  protected HeldRowLock holdStackRowLock(StoragePorts storage, TenantId tenant, Slug slug) throws Exception {
    InMemoryUnitOfWork unitOfWork = ((InMemoryStorage) storage).context().unitOfWork();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                unitOfWork.run(
                    () -> {
                      unitOfWork.lockKey(InMemoryStackStore.lockKey(tenant, slug), Duration.ofSeconds(10), "test hold");
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
      holder.join();
    };
  }
}
