package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.Await;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.inmemory.InMemoryStorage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryMetricsExplainAConflictTest extends MetricsExplainAConflictContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.MEMORY;
    }

    /**
     * An env patch queued behind a held stack row lock is reported as a granted row-lock wait once the
     * holder lets go; the writes record their tenant lock tries too.
     */
    @Test
    void aRowLockWaitIsOnTheMetrics() throws Exception {
        String tenant = "row-wait-" + System.nanoTime();
        String rowGranted = "lockstep_lock_wait_seconds_count{kind=\"row\",outcome=\"granted\"}";
        String rowWaited = "lockstep_lock_wait_seconds_sum{kind=\"row\",outcome=\"granted\"}";
        String tenantGranted = "lockstep_lock_wait_seconds_count{kind=\"tenant\",outcome=\"granted\"}";
        String start = scrape();
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
        assertThat(sample(scrape(), tenantGranted)).isGreaterThan(sample(start, tenantGranted));

        InMemoryStorage storage = (InMemoryStorage) server.context().getBean(StoragePorts.class);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> storage.runUnit(unit -> {
            unit.lockKey(
                    InMemoryStorage.stackRowLockKey(TenantId.of(tenant), Slug.of("web")),
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
        assertThat(holding.await(10, TimeUnit.SECONDS))
                .as("the test holds the row lock")
                .isTrue();
        String before = scrape(); // the hold's own lock is counted by now
        int queuedBefore = storage.lockWaiters();
        CompletableFuture<TestServer.Response> patch = CompletableFuture.supplyAsync(
                () -> server.send("PATCH", "/v1/tenants/" + tenant + "/stacks/web/env", "{\"env\":{\"A\":\"1\"}}"));
        Await.until("the patch is queued on the row lock", () -> storage.lockWaiters() > queuedBefore);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        assertThat(patch.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        String after = scrape();
        assertThat(sample(after, rowGranted)).isEqualTo(sample(before, rowGranted) + 1);
        assertThat(sample(after, rowWaited)).isGreaterThan(sample(before, rowWaited));
    }
}
