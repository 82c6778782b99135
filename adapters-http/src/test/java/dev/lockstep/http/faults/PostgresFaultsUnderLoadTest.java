package dev.lockstep.http.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.contract.Await;
import dev.lockstep.http.testing.FaultyProxy;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server under a concurrent mixed load (feedback-record creates, PATCHes of one stack's env,
 * identity create + delete) while PostgreSQL misbehaves: a TCP proxy between the pool and the
 * database cuts every connection, refuses new ones for 3 s and heals; then backends are killed with
 * {@code pg_terminate_backend} from a second connection. Invariants: every answer is a 2xx, a
 * documented 4xx or a retryable 503; every acknowledged write is there afterwards; readiness is DOWN
 * while the database is unreachable and liveness stays UP. The outage is repeated ten times, and the
 * first success of a request sent after healing comes within 1 s in the 95th percentile of them (the
 * pool keeps trying at a short interval while requests wait, see {@code PoolConnector}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFaultsUnderLoadTest {
    private static final int CLIENTS = 8;
    /** How many times the database goes away, and for how long each time. */
    private static final int OUTAGES = 10;

    private static final java.time.Duration OUTAGE = java.time.Duration.ofSeconds(3);
    private static final Set<String> RETRYABLE_503 = Set.of("storage_unavailable", "outcome_unknown", "lock_timeout");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private TestPostgres.Database database;
    private FaultyProxy proxy;
    private TestServer server;

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<String> ackedRecords = ConcurrentHashMap.newKeySet();
    /** Every keyed create sent, by its Idempotency-Key, with its body. */
    private final Map<String, String> keyedCreates = new ConcurrentHashMap<>();
    /** The keyed creates that got no 2xx during the load: retried with their key after healing. */
    private final Map<String, String> unansweredCreates = new ConcurrentHashMap<>();

    private final Set<String> ackedEnvKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> liveIdentities = ConcurrentHashMap.newKeySet();
    private final Set<String> deletedIdentities = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastSuccessStartNanos = new AtomicLong();
    private final AtomicLong firstSuccessAfterHeal = new AtomicLong(-1);
    private volatile long healedAtNanos = Long.MAX_VALUE;

    @BeforeAll
    void start() {
        database = TestPostgres.freshDatabase("faults");
        Matcher hostPort = Pattern.compile("//([^/:]+):(\\d+)/").matcher(database.url());
        assertThat(hostPort.find()).as(database.url()).isTrue();
        proxy = FaultyProxy.to(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
        String viaProxy = database.url().replace(hostPort.group(0), "//127.0.0.1:" + proxy.port() + "/");
        TestPostgres.Database proxied =
                new TestPostgres.Database(database.name(), viaProxy, database.user(), database.password());
        server = TestServer.startOn(proxied, Map.of("datasources.default.maximum-pool-size", 8));
        assertThat(server.send("POST", "/v1/tenants/load/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
        proxy.close();
    }

    @Test
    void writesSurviveCutRefusedAndKilledConnectionsWithOnlyDocumentedAnswers() throws Exception {
        AtomicInteger running = new AtomicInteger(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            load.add(clients.submit(() -> clientLoop(client, running)));
        }
        Await.until("the load is under way", () -> count(200) + count(201) + count(204) > 50);

        // 1. ten times: cut every connection mid-load, refuse new ones for 3 s (a database restart, as the
        // pool sees it), heal, and time the first success of a request sent after healing
        int cut = 0;
        List<Long> recoveriesMs = new ArrayList<>();
        TestServer.Response liveness = null;
        TestServer.Response anonymous = null;
        for (int outage = 0; outage < OUTAGES; outage++) {
            healedAtNanos = Long.MAX_VALUE;
            firstSuccessAfterHeal.set(-1);
            proxy.refuse();
            cut += proxy.cutAll();
            long refusedAt = System.nanoTime();
            Await.until(
                    "readiness reports the database DOWN",
                    () -> server.send("GET", "/health/readiness", null, null).status() == 503);
            if (outage == 0) {
                liveness = server.send("GET", "/health/liveness", null, null);
                anonymous = server.send("GET", "/health", null, null);
            }
            long remaining = OUTAGE.toNanos() - (System.nanoTime() - refusedAt);
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.sleep(remaining); // the outage itself lasts 3 s; nothing waits on it
            }
            healedAtNanos = System.nanoTime();
            proxy.heal();
            Await.until("a request sent after healing succeeds", () -> firstSuccessAfterHeal.get() >= 0);
            recoveriesMs.add(TimeUnit.NANOSECONDS.toMillis(firstSuccessAfterHeal.get() - healedAtNanos));
            Await.until(
                    "readiness reports UP again",
                    () -> server.send("GET", "/health/readiness", null, null).status() == 200);
            long successes = count(200) + count(201) + count(204);
            Await.until("the load goes on after healing", () -> count(200) + count(201) + count(204) > successes + 20);
        }
        List<Long> sorted = recoveriesMs.stream().sorted().toList();
        // nearest rank: of ten, the 95th percentile is the slowest
        long p95Ms = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);

        // 2. kill the server's backends from a second connection while the load goes on
        int terminated = 0;
        try (Connection admin = database.connect();
                PreparedStatement kill = admin.prepareStatement(
                        """
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()
                        """)) {
            for (int round = 0; round < 6; round++) {
                long before = count(200) + count(201) + count(204);
                Await.until("the load goes on between kills", () -> count(200) + count(201) + count(204) > before + 20);
                try (ResultSet rs = kill.executeQuery()) {
                    rs.next();
                    terminated += rs.getInt(1);
                }
            }
        }
        long before = count(200) + count(201) + count(204);
        Await.until("the load recovers after the last kill", () -> count(200) + count(201) + count(204) > before + 50);
        running.set(0);
        for (Future<?> f : load) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        System.out.printf(
                "fault suite (postgres): answers %s; connections cut %d; backends terminated %d;"
                        + " first success after healing, %d outages of %d s: %s ms, median %d ms, p95 %d ms;"
                        + " proxied connections %d%n",
                new TreeMap<>(answers),
                cut,
                terminated,
                OUTAGES,
                OUTAGE.toSeconds(),
                recoveriesMs,
                sorted.get(sorted.size() / 2),
                p95Ms,
                proxy.connectionsMade());

        assertThat(violations)
                .as("answers outside {2xx, documented 4xx, retryable 503}")
                .isEmpty();
        assertThat(cut).as("connections cut mid-load").isPositive();
        assertThat(terminated).as("backends terminated under load").isPositive();
        assertThat(liveness).isNotNull();
        assertThat(liveness.status())
                .as("liveness while the database is unreachable")
                .isEqualTo(200);
        assertThat(anonymous.object())
                .as("anonymous /health shows only the status")
                .containsOnlyKeys("status");
        assertThat(p95Ms)
                .as("95th percentile of the first success after healing (ms), " + recoveriesMs)
                .isLessThan(1_000);
        assertAcknowledgedWritesPresent();
        assertRetriedCreatesExistExactlyOnce();
    }

    /**
     * The invariant: a create that answered {@code outcome_unknown} or {@code
     * storage_unavailable} (or no 2xx at all), retried with its {@code Idempotency-Key} after healing,
     * exists exactly once — whether its first attempt committed (the retry is a replay) or not (the
     * retry runs it).
     */
    private void assertRetriedCreatesExistExactlyOnce() throws Exception {
        int replayed = 0;
        for (Map.Entry<String, String> create : unansweredCreates.entrySet()) {
            TestServer.Response r = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                r = server.send(
                        "POST",
                        "/v1/tenants/load/feedback-records",
                        create.getValue(),
                        server.adminKey(),
                        Map.of("Idempotency-Key", create.getKey()));
                if (r.status() == 201) {
                    break;
                }
                Matcher code = CODE.matcher(r.body());
                assertThat(r.status() == 503 || (r.status() == 409 && code.find()))
                        .as("retry of " + create.getKey() + ": " + r)
                        .isTrue();
            }
            assertThat(r.status()).as("retry of " + create.getKey() + ": " + r).isEqualTo(201);
            if ("true".equals(r.header("Idempotent-Replayed"))) {
                replayed++;
            }
        }
        Map<String, Integer> rowsPerKey = new java.util.HashMap<>();
        try (Connection c = database.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload->>'key', count(*) FROM feedback_records WHERE tenant_id = 'load'"
                                + " AND payload->>'key' IS NOT NULL GROUP BY 1");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rowsPerKey.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertThat(rowsPerKey.keySet()).as("every keyed create exists").containsAll(keyedCreates.keySet());
        assertThat(rowsPerKey.values()).as("rows per Idempotency-Key").containsOnly(1);
        System.out.printf(
                "fault suite (postgres): keyed creates %d; without a 2xx during the load %d, retried with their key:"
                        + " %d replayed (had committed), %d ran now; rows per key = 1 for all %d%n",
                keyedCreates.size(),
                unansweredCreates.size(),
                replayed,
                unansweredCreates.size() - replayed,
                rowsPerKey.size());
    }

    private long count(int status) {
        LongAdder a = answers.get(String.valueOf(status));
        return a == null ? 0 : a.sum();
    }

    private void clientLoop(int client, AtomicInteger running) {
        for (int i = 0; running.get() == 1; i++) {
            switch (i % 3) {
                case 0 -> {
                    // every create carries its Idempotency-Key, named in its payload so rows can be counted per key
                    String key = "rec-" + client + "-" + i;
                    String body = "{\"payload\":{\"n\":" + i + ",\"key\":\"" + key + "\"}}";
                    keyedCreates.put(key, body);
                    TestServer.Response r = call("POST", "/v1/tenants/load/feedback-records", body, key);
                    if (r != null && r.status() == 201) {
                        ackedRecords.add(id(r));
                    } else {
                        unansweredCreates.put(key, body);
                    }
                }
                case 1 -> {
                    String key = "K" + client + "_" + i;
                    TestServer.Response r =
                            call("PATCH", "/v1/tenants/load/stacks/web/env", "{\"env\":{\"" + key + "\":\"v\"}}");
                    if (r != null && r.status() == 200) {
                        ackedEnvKeys.add(key);
                    }
                }
                default -> {
                    TestServer.Response created = call(
                            "POST", "/v1/tenants/load/identities", "{\"externalId\":\"x-" + client + "-" + i + "\"}");
                    if (created != null && created.status() == 201) {
                        String id = id(created);
                        liveIdentities.add(id);
                        TestServer.Response deleted = call("DELETE", "/v1/tenants/load/identities/" + id, null);
                        if (deleted != null && deleted.status() != 204) {
                            liveIdentities.remove(id); // unknown or refused: not judged
                        } else if (deleted != null) {
                            liveIdentities.remove(id);
                            deletedIdentities.add(id);
                        }
                    }
                }
            }
        }
    }

    private TestServer.Response call(String method, String path, String body) {
        return call(method, path, body, null);
    }

    private TestServer.Response call(String method, String path, String body, String idempotencyKey) {
        long started = System.nanoTime();
        TestServer.Response r;
        try {
            r = server.send(
                    method,
                    path,
                    body,
                    server.adminKey(),
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        } catch (IllegalStateException e) {
            violations.add(method + " " + path + ": no answer: " + e.getMessage());
            return null;
        }
        answers.computeIfAbsent(String.valueOf(r.status()), k -> new LongAdder())
                .increment();
        if (r.status() >= 200 && r.status() < 300) {
            if (started >= healedAtNanos) {
                firstSuccessAfterHeal.compareAndSet(-1, System.nanoTime());
            }
            lastSuccessStartNanos.set(started);
            return r;
        }
        Matcher code = CODE.matcher(r.body());
        String c = code.find() ? code.group(1) : "";
        answers.computeIfAbsent(r.status() + " " + c, k -> new LongAdder()).increment();
        boolean documented =
                (r.status() == 503 && RETRYABLE_503.contains(c) && r.body().contains("\"retryable\":true"))
                        || (r.status() == 409
                                && (c.equals("tenant_write_conflict") || c.equals("request_in_progress")));
        if (!documented) {
            violations.add(method + " " + path + " → " + r);
        }
        return r;
    }

    private static String id(TestServer.Response r) {
        Matcher m = ID.matcher(r.body());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private void assertAcknowledgedWritesPresent() {
        for (String id : ackedRecords) {
            assertThat(server.send("GET", "/v1/tenants/load/feedback-records/" + id, null)
                            .status())
                    .as("acknowledged feedback record " + id)
                    .isEqualTo(200);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>)
                server.send("GET", "/v1/tenants/load/stacks/web", null).object().get("env");
        assertThat(env.keySet()).as("acknowledged env keys").containsAll(ackedEnvKeys);
        for (String id : liveIdentities) {
            assertThat(server.send("GET", "/v1/tenants/load/identities/" + id, null)
                            .status())
                    .as("acknowledged identity " + id)
                    .isEqualTo(200);
        }
        for (String id : deletedIdentities) {
            assertThat(server.send("GET", "/v1/tenants/load/identities/" + id, null)
                            .status())
                    .as("acknowledged delete of " + id)
                    .isEqualTo(404);
        }
        System.out.printf(
                "fault suite (postgres): acknowledged and present: %d records, %d env keys, %d deletes%n",
                ackedRecords.size(), ackedEnvKeys.size(), deletedIdentities.size());
    }
}
