package dev.lockstep.http.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.postgres.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one PostgreSQL database: the same create with the same key, sent to both
 * at once, runs once. The claim is an advisory lock in the database, so the instance that loses
 * answers 409 {@code request_in_progress} (then, retried, the replay) or the replay itself.
 */
class TwoInstancesOneKeyTest {

    @Test
    void theSameKeySentToBothInstancesAtOnceRunsOnce() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("idem_two");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // one API key configured on both, as behind a load balancer: the key's scope is its name
        String apiKey = "shared-" + UUID.randomUUID();
        Map<String, Object> keys = TestServer.apiKey(0, "shared", apiKey, List.of("*"), false);
        try (TestServer a = TestServer.startOn(db, keys);
                TestServer b = TestServer.startOn(db, keys)) {
            String tenant = "t-" + UUID.randomUUID();
            String path = "/v1/tenants/" + tenant + "/feedback-records";
            int rounds = 30;
            int inProgress = 0;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String key = "k-" + i;
                String body = TestJson.write(Map.of("payload", Map.of("round", i)));
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<TestServer.Response>> sent = new ArrayList<>();
                for (TestServer server : List.of(a, b)) {
                    sent.add(CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    together.await();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                return send(server, path, body, apiKey, key);
                            },
                            pool));
                }
                for (CompletableFuture<TestServer.Response> f : sent) {
                    TestServer.Response r = f.get();
                    if (r.status() == 409) {
                        assertThat(r.object()).containsEntry("code", "request_in_progress");
                        assertThat(r.header("Retry-After")).isNotNull();
                        inProgress++;
                        r = retried(b, path, body, apiKey, key);
                    }
                    assertThat(r.status()).as(r.toString()).isEqualTo(201);
                    ids.add((String) r.object().get("id"));
                }
                assertThat(ids.get(ids.size() - 1))
                        .as("both answers name one record")
                        .isEqualTo(ids.get(ids.size() - 2));
            }
            TestServer.Response list = a.send("GET", path + "?limit=100", null, apiKey);
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list.object().get("items");
            assertThat(items).as("each key ran exactly once").hasSize(rounds);
            System.out.printf(
                    "two instances, one key: %d rounds, %d answered request_in_progress%n", rounds, inProgress);
        } finally {
            pool.shutdownNow();
        }
    }

    private static TestServer.Response send(TestServer server, String path, String body, String apiKey, String key) {
        return server.send("POST", path, body, apiKey, Map.of("Idempotency-Key", key));
    }

    /** A client honouring the retryable 409: retried (bounded) until the first request has answered. */
    private static TestServer.Response retried(TestServer server, String path, String body, String apiKey, String key) {
        for (int attempt = 0; attempt < 500; attempt++) {
            TestServer.Response r = send(server, path, body, apiKey, key);
            if (r.status() != 409) {
                return r;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("still request_in_progress after 500 retries");
    }
}
