package dev.lockstep.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.postgres.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two server instances on one PostgreSQL database: instance A purges two tenants in a loop while
 * writers create, update and delete feedback records through instance B. The tenant lock lives in
 * the database, so the invariants of API.md must hold across instances exactly as within one. Ticks
 * of one logical clock order "sent" / "acknowledged" against "purge started / answered".
 */
class TwoInstancesPurgeWhileWritingTest {

    /** One writer's record, as the writer saw it acknowledged. */
    private static final class Tracked {
        final String tenant;
        final String id;
        /** Ticks before the create was sent and after it was acknowledged. */
        final long createStartTick;

        final long createdTick;
        volatile long version;
        volatile long deleteStartTick = -1;
        volatile long deletedTick = -1;

        Tracked(String tenant, String id, long createStartTick, long createdTick) {
            this.tenant = tenant;
            this.id = id;
            this.createStartTick = createStartTick;
            this.createdTick = createdTick;
        }
    }

    /** On both tenant locks ({@code lockstep.tenant.lock}): the advisory lock and the lock row. */
    @ParameterizedTest(name = "lockstep.tenant.lock={0}")
    @ValueSource(strings = {"advisory", "row"})
    void purgesThroughOneInstanceAndWritesThroughAnotherKeepEveryInvariant(String tenantLock) throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("two_instances");
        Map<String, Object> lock = Map.of("lockstep.tenant.lock", tenantLock);
        try (TestServer a = TestServer.startOn(db, lock);
                TestServer b = TestServer.startOn(db, lock)) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> tenants = List.of("p0-" + run, "p1-" + run, "kept-" + run);
            List<String> purgeable = tenants.subList(0, 2);
            AtomicLong clock = new AtomicLong();
            Map<String, Tracked> tracked = new ConcurrentHashMap<>();
            Map<String, long[]> lastPurge = new ConcurrentHashMap<>();
            List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            // 2.5 s, longer (up to 10 s) on a busy machine until enough writes were acknowledged to mean something
            long deadline = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            long hardDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            java.util.function.BooleanSupplier running =
                    () -> System.nanoTime() < deadline || (tracked.size() < 300 && System.nanoTime() < hardDeadline);
            int writers = 8;

            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    List<Tracked> mine = new ArrayList<>();
                    int ops = 0;
                    while (running.getAsBoolean()) {
                        ops++;
                        int op = rnd.nextInt(10);
                        if (op < 6 || mine.isEmpty()) {
                            String tenant = tenants.get(rnd.nextInt(tenants.size()));
                            long start = clock.incrementAndGet();
                            TestServer.Response r = b.send(
                                    "POST",
                                    "/v1/tenants/" + tenant + "/feedback-records",
                                    TestJson.write(Map.of("payload", Map.of("v", 0))),
                                    b.adminKey());
                            if (r.status() == 201) {
                                Tracked t = new Tracked(
                                        tenant, (String) r.object().get("id"), start, clock.incrementAndGet());
                                tracked.put(t.id, t);
                                mine.add(t);
                            } else {
                                expect(unexpected, r, tenant, 409);
                            }
                        } else if (op < 8) {
                            Tracked t = mine.get(rnd.nextInt(mine.size()));
                            long v = t.version + 1;
                            TestServer.Response r = b.send(
                                    "PATCH",
                                    "/v1/tenants/" + t.tenant + "/feedback-records/" + t.id,
                                    TestJson.write(Map.of("payload", Map.of("v", v))),
                                    b.adminKey());
                            if (r.status() == 200) {
                                t.version = v;
                            } else {
                                expect(unexpected, r, t.tenant, 409, purgeable.contains(t.tenant) ? 404 : 409);
                            }
                        } else {
                            Tracked t = mine.remove(rnd.nextInt(mine.size()));
                            long start = clock.incrementAndGet();
                            TestServer.Response r = b.send(
                                    "DELETE",
                                    "/v1/tenants/" + t.tenant + "/feedback-records/" + t.id,
                                    null,
                                    b.adminKey());
                            if (r.status() == 204) {
                                t.deleteStartTick = start;
                                t.deletedTick = clock.incrementAndGet();
                            } else {
                                expect(unexpected, r, t.tenant, 409, purgeable.contains(t.tenant) ? 404 : 409);
                            }
                        }
                    }
                    return ops;
                }));
            }
            Future<Integer> purger = pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int purges = 0;
                while (running.getAsBoolean()) {
                    String tenant = purgeable.get(rnd.nextInt(purgeable.size()));
                    long started = clock.incrementAndGet();
                    TestServer.Response r = a.send("DELETE", "/v1/tenants/" + tenant + "/data", null, a.adminKey());
                    if (r.status() == 200) {
                        long answered = clock.incrementAndGet();
                        purges++;
                        lastPurge.merge(
                                tenant, new long[] {started, answered}, (old, now) -> now[1] > old[1] ? now : old);
                    } else {
                        expect(unexpected, r, tenant, 409);
                    }
                    Thread.sleep(rnd.nextInt(10, 40));
                }
                return purges;
            });
            int ops = 0;
            for (Future<Integer> f : futures) {
                ops += f.get(60, TimeUnit.SECONDS);
            }
            int purges = purger.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            System.out.printf(
                    "two instances: %d writes through B, %d purges through A, %d rows acknowledged%n",
                    ops, purges, tracked.size());

            assertThat(unexpected).as("answers outside the contract").isEmpty();
            assertThat(purges).as("purges that succeeded").isPositive();

            Map<String, Map<String, Object>> present = new HashMap<>();
            for (String tenant : tenants) {
                for (Map<String, Object> row :
                        readAll(a, "/v1/tenants/" + tenant + "/feedback-records?limit=100", "cursor", "nextCursor")) {
                    present.put((String) row.get("id"), row);
                }
            }
            for (Tracked t : tracked.values()) {
                long[] purge = lastPurge.get(t.tenant);
                Map<String, Object> row = present.get(t.id);
                if (purge != null && t.createdTick < purge[0]) {
                    assertThat(row)
                            .as("row of %s acknowledged before its last successful purge started", t.tenant)
                            .isNull();
                }
                // sent after the last purge answered: must stand (an earlier create may commit before the
                // purge yet be acknowledged after its answer, so the ack alone does not decide)
                if ((purge == null || t.createStartTick > purge[1]) && t.deletedTick < 0) {
                    assertThat(row)
                            .as("acknowledged create after the last purge answered")
                            .isNotNull();
                    assertThat(row.get("payload"))
                            .as("last acknowledged update")
                            .isEqualTo(Map.of("v", t.version));
                }
                if (t.deletedTick >= 0) {
                    assertThat(row).as("acknowledged delete").isNull();
                }
            }
            assertThat(tracked.keySet()).as("no row nobody acknowledged").containsAll(present.keySet());

            for (String tenant : tenants) {
                List<Map<String, Object>> log =
                        readAll(a, "/v1/tenants/" + tenant + "/deletions?limit=100", "after", "nextSeq");
                List<Object> recordIds = log.stream()
                        .filter(e -> "feedback_record".equals(e.get("kind")))
                        .map(e -> e.get("id"))
                        .toList();
                assertThat(recordIds).as("deletion log exactly once").doesNotHaveDuplicates();
                Set<String> deletedHere = new HashSet<>();
                for (Tracked t : tracked.values()) {
                    if (t.tenant.equals(tenant) && t.deletedTick >= 0) {
                        deletedHere.add(t.id);
                        long[] purge = lastPurge.get(tenant);
                        if (purge == null || t.deleteStartTick > purge[1]) {
                            assertThat(recordIds)
                                    .as("acknowledged delete after the last purge is logged")
                                    .contains(t.id);
                        }
                    }
                }
                assertThat(deletedHere)
                        .as("only acknowledged deletes are logged")
                        .containsAll(recordIds.stream().map(String::valueOf).toList());
                long tenantEntries =
                        log.stream().filter(e -> "tenant".equals(e.get("kind"))).count();
                assertThat(tenantEntries).isEqualTo(lastPurge.containsKey(tenant) ? 1 : 0);
            }
        }
    }

    private static void expect(List<String> unexpected, TestServer.Response r, String tenant, int... allowed) {
        for (int s : allowed) {
            if (r.status() == s) {
                return;
            }
        }
        unexpected.add(tenant + ": " + r);
    }

    /** Every item of a paged list, following its cursor ({@code nextCursor}) or seq ({@code nextSeq}). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> readAll(TestServer server, String path, String param, String next) {
        List<Map<String, Object>> out = new ArrayList<>();
        String url = path;
        while (true) {
            TestServer.Response r = server.send("GET", url, null);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            List<Map<String, Object>> items =
                    (List<Map<String, Object>>) r.object().get("items");
            out.addAll(items);
            Object n = r.object().get(next);
            if (items.isEmpty() || n == null) {
                return out;
            }
            url = path + "&" + param + "=" + n;
        }
    }
}
