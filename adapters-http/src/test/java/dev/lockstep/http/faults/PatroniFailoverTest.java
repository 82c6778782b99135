package dev.lockstep.http.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.HaCluster;
import dev.lockstep.http.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The server on a real PostgreSQL HA cluster ({@code .ci/ha-cluster}: etcd, two nodes under
 * Patroni, synchronous replication), through the multi-host URL with {@code targetServerType=primary},
 * while its primary dies and while it is switched over.
 *
 * <p>Not part of a plain {@code mvn verify} (the build excludes it); {@code .ci/run} starts a cluster
 * and runs it with {@value HaCluster#ENV} set. Selected without that variable, or with a cluster that
 * does not work, it fails: it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniFailoverTest {
    private static final int CLIENTS = 8;
    private static final Duration LOAD = Duration.ofSeconds(40);
    /** How long a failover, a killed node's rejoin or a switchover may take at most. */
    private static final Duration CLUSTER_BOUND = Duration.ofSeconds(90);

    private static final int PROMOTIONS = 10;

    private HaCluster cluster;
    private TestServer server;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start() {
        cluster = HaCluster.fromEnvironment();
        // the purge queued when the primary dies must still be waiting for its lock then, however slow
        // the machine is at killing it
        server = TestServer.startOn(cluster.database(), Map.of("lockstep.tenant.purge-lock-timeout", "60s"));
        cluster.createProbeTable(); // after the server's migrations, which want the schema to themselves
        System.out.printf(
                "failover suite: cluster %s (%s replication), primary %s%n",
                cluster.url(),
                cluster.synchronous() ? "synchronous" : "ASYNCHRONOUS",
                cluster.primary().orElse("none"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Eight clients write for 40 s (keyed creates, env PATCHes, identity creates and deletes; one more
     * creates records in a second tenant). While a purge of that second tenant is queued on the
     * primary behind a writer's lock, the primary's postmaster is killed; once the killed node has
     * rejoined as the synchronous standby, the cluster is switched over. Checked: only documented
     * answers; every acknowledged write is on the final primary; every create without a 2xx, retried
     * with its key, exists exactly once; the first write answers within 1 s of the new primary accepting
     * writes, both times; the queued purge and its lock are gone with the old primary; a server whose
     * single-host URL names the demoted node writes nothing there; a purge and writes afterwards answer
     * as API.md says.
     */
    @Test
    @Order(1)
    void theServerLosesNoAcknowledgedWriteWhenThePrimaryDiesAndWhenItIsSwitchedOver() throws Exception {
        String tenant = "ha-" + run;
        String purged = "ha-purged-" + run;
        assertThat(send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
        String firstPrimary = cluster.primary().orElseThrow();
        // a second server on the first primary alone, without targetServerType: after the failover its
        // node is a standby
        TestServer singleHost = TestServer.startOn(
                cluster.singleHost(firstPrimary), Map.of("datasources.default.maximum-pool-size", 2));

        long loadStart = System.nanoTime();
        try (FailoverLoad load = new FailoverLoad(server, tenant, purged).start(CLIENTS)) {
            HaCluster.awaitUntil("the load is under way", CLUSTER_BOUND, () -> load.successes() > 50);

            // 1. a purge of the second tenant queued behind a writer's shared lock, on the primary (once
            // the standby could take over: the kill must come within the purge's lock timeout)
            HaCluster.awaitUntil(
                    "the standby is ready to take over",
                    CLUSTER_BOUND,
                    () -> cluster.standbyReady(firstPrimary, cluster.other(firstPrimary)));
            Connection writer = cluster.connect(firstPrimary);
            writer.setAutoCommit(false);
            holdSharedTenantLock(writer, purged);
            CompletableFuture<TestServer.Response> purge =
                    CompletableFuture.supplyAsync(() -> send("DELETE", "/v1/tenants/" + purged + "/data", null));
            HaCluster.awaitUntil(
                    "the purge is queued for the tenant lock on " + firstPrimary,
                    Duration.ofSeconds(10),
                    () -> advisoryLockWaiters(firstPrimary) >= 1);
            long queuedAt = System.nanoTime();
            TestServer.Response refused =
                    load.call("POST", "/v1/tenants/" + purged + "/feedback-records", "{\"payload\":{}}", null);
            assertThat(refused.status())
                    .as("a write while the purge is queued: " + refused)
                    .isEqualTo(409);
            assertThat(FailoverLoad.code(refused)).isEqualTo("tenant_write_conflict");

            // 2. the primary dies
            HaCluster.WriteProbe killProbe = cluster.probeWrites(cluster.other(firstPrimary));
            long killedAt = System.nanoTime();
            String killed = cluster.killPrimary();
            long killMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf(
                    "failover suite: the purge was queued %d ms before the kill, which took %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(killedAt - queuedAt), killMs);
            assertThat(killed).isEqualTo(firstPrimary);
            long killAccepted = killProbe.awaitAccepted(CLUSTER_BOUND);
            killProbe.close();
            assertThat(cluster.primary()).as("the primary after the failover").contains(cluster.other(killed));
            TestServer.Response purgeAnswer = purge.get(30, TimeUnit.SECONDS);
            long killFirstWriteMs = firstWriteMs(load, killAccepted);
            closeQuietly(writer);
            assertThat(purgeAnswer.status())
                    .as("the purge queued on the primary that died: " + purgeAnswer)
                    .isEqualTo(503);
            assertThat(FailoverLoad.code(purgeAnswer)).isEqualTo("storage_unavailable");
            TestServer.Response afterQueue = load.call(
                    "POST", "/v1/tenants/" + purged + "/feedback-records", "{\"payload\":{\"after\":true}}", null);
            assertThat(afterQueue.status())
                    .as("a write to the tenant whose purge was queued on the old primary: " + afterQueue)
                    .isEqualTo(201);

            // 3. the killed node rejoins as the standby; the server on its single-host URL writes nothing there
            String newPrimary = cluster.other(killed);
            long rejoinFrom = System.nanoTime();
            HaCluster.awaitUntil(
                    killed + " rejoins as the " + (cluster.synchronous() ? "synchronous " : "") + "standby",
                    CLUSTER_BOUND,
                    () -> cluster.standbyReady(newPrimary, killed));
            long rejoinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejoinFrom);
            List<TestServer.Response> onStandby = writesThroughTheStandby(singleHost, tenant);
            singleHost.close();

            // 4. a planned switchover under the load
            long before = load.successes();
            HaCluster.awaitUntil(
                    "the load goes on after the rejoin", CLUSTER_BOUND, () -> load.successes() > before + 50);
            HaCluster.WriteProbe switchProbe = cluster.probeWrites(killed);
            String switchedTo = cluster.switchover();
            long switchAccepted = switchProbe.awaitAccepted(CLUSTER_BOUND);
            switchProbe.close();
            assertThat(switchedTo).isEqualTo(killed);
            long switchFirstWriteMs = firstWriteMs(load, switchAccepted);

            long rest = LOAD.toNanos() - (System.nanoTime() - loadStart);
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest); // the load's own duration; nothing waits on it
            }
            load.stop();
            String finalPrimary = cluster.primary().orElseThrow();

            // 5. checks
            Lost lost = lostWrites(load, tenant, finalPrimary);
            Retried retried = retryUnansweredCreates(load, tenant, finalPrimary);
            afterTheFailover(tenant, purged, finalPrimary);
            System.out.printf(
                    "failover suite: %d s of load, %d clients; answers %s; slowest storage_unavailable %s%n"
                            + "failover suite: kill -9 of %s's postmaster: new primary %s accepted writes %d ms later,"
                            + " first write answered %d ms after that; %s rejoined as the standby %d ms after%n"
                            + "failover suite: switchover to %s: first write answered %d ms after it accepted writes%n"
                            + "failover suite: acknowledged: %d records, %d env keys, %d identities kept, %d deleted;"
                            + " lost %d (%s)%n"
                            + "failover suite: keyed creates %d; without a 2xx %d, retried with their key: %d replayed,"
                            + " %d ran now; duplicated %d, missing %d%n"
                            + "failover suite: writes through the demoted node's single-host URL: %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadStart),
                    CLIENTS,
                    load.answersByStatus(),
                    load.slowestUnavailable(),
                    killed,
                    newPrimary,
                    TimeUnit.NANOSECONDS.toMillis(killAccepted - killedAt),
                    killFirstWriteMs,
                    killed,
                    rejoinMs,
                    switchedTo,
                    switchFirstWriteMs,
                    load.ackedRecords.size(),
                    load.ackedEnvKeys.size(),
                    load.liveIdentities.size(),
                    load.deletedIdentities.size(),
                    lost.count(),
                    lost.details(),
                    load.keyedCreates.size(),
                    load.unansweredCreates.size(),
                    retried.replayed(),
                    load.unansweredCreates.size() - retried.replayed(),
                    retried.duplicated(),
                    retried.missing(),
                    onStandby.stream()
                            .map(r -> r.status() + " " + FailoverLoad.code(r))
                            .toList());

            assertThat(load.violations)
                    .as("answers outside {2xx, documented 409, retryable 503}")
                    .isEmpty();
            assertThat(lost.details())
                    .as("acknowledged writes missing on the final primary")
                    .isEmpty();
            assertThat(retried.duplicated())
                    .as("keyed creates with more than one row")
                    .isZero();
            assertThat(retried.missing())
                    .as("keyed creates with no row after their retry")
                    .isZero();
            assertThat(killFirstWriteMs)
                    .as("first write after the failover, ms after the new primary accepted writes")
                    .isLessThan(1_000);
            assertThat(switchFirstWriteMs)
                    .as("first write after the switchover, ms after the new primary accepted writes")
                    .isLessThan(1_000);
            assertThat(onStandby)
                    .as("writes through a single-host URL that now names a standby")
                    .allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(503);
                        assertThat(FailoverLoad.code(r)).isEqualTo("storage_unavailable");
                    });
            assertThat(rowsWithKey(finalPrimary, tenant, "via-standby-" + run))
                    .as("rows written through the standby")
                    .isZero();
        }
    }

    /**
     * Ten promotions under a light load, alternately a kill of the primary's postmaster and a planned
     * switchover (each after the standby is synchronous again): the first write answers within 1 s of
     * the new primary accepting writes in the 95th percentile.
     */
    @Test
    @Order(2)
    void theFirstWriteAfterAPromotionComesWithinOneSecond() throws Exception {
        String tenant = "ha-promotions-" + run;
        assertThat(send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
        List<Long> killMs = new ArrayList<>();
        List<Long> switchMs = new ArrayList<>();
        try (FailoverLoad load = new FailoverLoad(server, tenant, null).start(4)) {
            for (int i = 0; i < PROMOTIONS; i++) {
                String primary = cluster.primary().orElseThrow();
                String standby = cluster.other(primary);
                long waitFrom = System.nanoTime();
                HaCluster.awaitUntil(
                        standby + " is the standby", CLUSTER_BOUND, () -> cluster.standbyReady(primary, standby));
                long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitFrom);
                long before = load.successes();
                HaCluster.awaitUntil(
                        "the load goes on before promotion " + i, CLUSTER_BOUND, () -> load.successes() > before + 20);
                try (HaCluster.WriteProbe probe = cluster.probeWrites(standby)) {
                    long event = System.nanoTime();
                    if (i % 2 == 0) {
                        cluster.killPrimary();
                    } else {
                        cluster.switchover();
                    }
                    long accepted = probe.awaitAccepted(CLUSTER_BOUND);
                    long firstWrite = firstWriteMs(load, accepted);
                    (i % 2 == 0 ? killMs : switchMs).add(firstWrite);
                    System.out.printf(
                            "promotion %d (%s): standby ready after %d ms, new primary accepted writes %d ms after"
                                    + " the event, first write %d ms after that%n",
                            i,
                            i % 2 == 0 ? "kill -9" : "switchover",
                            readyMs,
                            TimeUnit.NANOSECONDS.toMillis(accepted - event),
                            firstWrite);
                }
            }
            load.stop();
            List<Long> all = new ArrayList<>(killMs);
            all.addAll(switchMs);
            List<Long> sorted = all.stream().sorted().toList();
            long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
            System.out.printf(
                    "promotions: first write after the new primary accepted writes, ms: after a kill %s, after a"
                            + " switchover %s; median %d, p95 %d; answers %s%n",
                    killMs, switchMs, sorted.get(sorted.size() / 2), p95, load.answersByStatus());
            assertThat(load.violations)
                    .as("answers outside {2xx, documented 409, retryable 503}")
                    .isEmpty();
            assertThat(p95)
                    .as("95th percentile of the first write after a promotion (ms), " + sorted)
                    .isLessThan(1_000);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private TestServer.Response send(String method, String path, String body) {
        return server.send(method, path, body);
    }

    /** Waits for the first write answered after {@code accepted}; ms between the two. */
    private static long firstWriteMs(FailoverLoad load, long accepted) {
        HaCluster.awaitUntil(
                "a write succeeds on the new primary",
                CLUSTER_BOUND,
                () -> load.firstWriteAnsweredAfter(accepted) >= 0);
        return TimeUnit.NANOSECONDS.toMillis(load.firstWriteAnsweredAfter(accepted) - accepted);
    }

    /** Takes {@code tenant}'s shared write lock in {@code c}'s open transaction, as a writer does. */
    private static void holdSharedTenantLock(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_advisory_xact_lock_shared(hashtextextended('tenant_write|' || length(?) || ':' || ?, 0))")) {
            ps.setString(1, tenant);
            ps.setString(2, tenant);
            ps.execute();
        }
    }

    private int advisoryLockWaiters(String node) {
        try (Connection c = cluster.connect(node);
                PreparedStatement ps = c.prepareStatement(
                        """
                        SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                         WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()
                        """);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes through a server whose single-host URL names a node that is a standby now: a keyed create,
     * an env PATCH, an identity create. Its reads still answer (the standby has the data).
     */
    private List<TestServer.Response> writesThroughTheStandby(TestServer onStandby, String tenant) {
        List<TestServer.Response> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            answers.add(onStandby.send(
                    "POST",
                    "/v1/tenants/" + tenant + "/feedback-records",
                    "{\"payload\":{\"key\":\"via-standby-" + run + "\"}}",
                    onStandby.adminKey(),
                    Map.of("Idempotency-Key", "via-standby-" + run + "-" + attempt)));
            answers.add(onStandby.send(
                    "PATCH", "/v1/tenants/" + tenant + "/stacks/web/env", "{\"env\":{\"VIA_STANDBY\":\"v\"}}"));
            answers.add(onStandby.send(
                    "POST",
                    "/v1/tenants/" + tenant + "/identities",
                    "{\"externalId\":\"via-standby-" + attempt + "\"}"));
        }
        TestServer.Response read = onStandby.send("GET", "/v1/tenants/" + tenant + "/stacks/web", null);
        assertThat(read.status()).as("a read through the standby: " + read).isEqualTo(200);
        return answers;
    }

    private record Lost(int count, List<String> details) {}

    /** The acknowledged writes of {@code load} that are not on {@code primary}. */
    private Lost lostWrites(FailoverLoad load, String tenant, String primary) throws SQLException {
        List<String> lost = new ArrayList<>();
        int count = 0;
        try (Connection c = cluster.connect(primary)) {
            Set<String> records = strings(c, "SELECT id::text FROM feedback_records WHERE tenant_id = ?", tenant);
            Set<String> envKeys = strings(
                    c, "SELECT jsonb_object_keys(env) FROM stacks WHERE tenant_id = ? AND slug = 'web'", tenant);
            Set<String> kept =
                    strings(c, "SELECT id::text FROM identities WHERE tenant_id = ? AND NOT deleted", tenant);
            Set<String> deleted = strings(c, "SELECT id::text FROM identities WHERE tenant_id = ? AND deleted", tenant);
            for (String id : load.ackedRecords) {
                if (!records.contains(id)) {
                    count++;
                    lost.add("record " + id);
                }
            }
            for (String key : load.ackedEnvKeys) {
                if (!envKeys.contains(key)) {
                    count++;
                    lost.add("env key " + key);
                }
            }
            for (String id : load.liveIdentities) {
                if (!kept.contains(id)) {
                    count++;
                    lost.add("identity " + id);
                }
            }
            for (String id : load.deletedIdentities) {
                if (!deleted.contains(id)) {
                    count++;
                    lost.add("delete of identity " + id);
                }
            }
        }
        return new Lost(count, lost);
    }

    private record Retried(int replayed, int duplicated, int missing) {}

    /**
     * Retries every keyed create that got no 2xx, with its key, until it answers 201; then counts the
     * rows per key on {@code primary}.
     */
    private Retried retryUnansweredCreates(FailoverLoad load, String tenant, String primary) throws SQLException {
        int replayed = 0;
        for (Map.Entry<String, String> create : load.unansweredCreates.entrySet()) {
            TestServer.Response r = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                r = server.send(
                        "POST",
                        "/v1/tenants/" + tenant + "/feedback-records",
                        create.getValue(),
                        server.adminKey(),
                        Map.of("Idempotency-Key", create.getKey()));
                if (r.status() == 201) {
                    break;
                }
                assertThat(FailoverLoad.documented(r, FailoverLoad.code(r)))
                        .as("retry of " + create.getKey() + ": " + r)
                        .isTrue();
            }
            assertThat(r.status()).as("retry of " + create.getKey() + ": " + r).isEqualTo(201);
            if ("true".equals(r.header("Idempotent-Replayed"))) {
                replayed++;
            }
        }
        Map<String, Integer> rowsPerKey = new HashMap<>();
        try (Connection c = cluster.connect(primary);
                PreparedStatement ps =
                        c.prepareStatement("SELECT payload->>'key', count(*) FROM feedback_records WHERE tenant_id = ?"
                                + " AND payload->>'key' IS NOT NULL GROUP BY 1")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowsPerKey.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        int duplicated = (int) rowsPerKey.values().stream().filter(n -> n > 1).count();
        int missing = (int) load.keyedCreates.keySet().stream()
                .filter(k -> !rowsPerKey.containsKey(k))
                .count();
        return new Retried(replayed, duplicated, missing);
    }

    /**
     * After both promotions: a purge of the second tenant answers 200 and leaves none of its rows on
     * the primary; writes to it and to the main tenant answer 201 and are there.
     */
    private void afterTheFailover(String tenant, String purged, String primary) throws SQLException {
        TestServer.Response purge = send("DELETE", "/v1/tenants/" + purged + "/data", null);
        assertThat(purge.status()).as("purge after the failover: " + purge).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> deleted = (Map<String, Object>) purge.object().get("deleted");
        assertThat(((Number) deleted.get("feedbackRecords")).longValue())
                .as("records the purge removed")
                .isPositive();
        try (Connection c = cluster.connect(primary)) {
            assertThat(strings(c, "SELECT id::text FROM feedback_records WHERE tenant_id = ?", purged))
                    .as("the purged tenant's rows on the primary")
                    .isEmpty();
        }
        assertThat((List<?>) send("GET", "/v1/tenants/" + purged + "/feedback-records", null)
                        .object()
                        .get("items"))
                .as("the purged tenant's records through the server")
                .isEmpty();
        for (String t : List.of(purged, tenant)) {
            TestServer.Response created =
                    send("POST", "/v1/tenants/" + t + "/feedback-records", "{\"payload\":{\"after\":\"failover\"}}");
            assertThat(created.status())
                    .as("a write after the failover: " + created)
                    .isEqualTo(201);
            assertThat(send("GET", "/v1/tenants/" + t + "/feedback-records/" + FailoverLoad.id(created), null)
                            .status())
                    .isEqualTo(200);
        }
    }

    private int rowsWithKey(String primary, String tenant, String key) throws SQLException {
        try (Connection c = cluster.connect(primary)) {
            return strings(
                            c,
                            "SELECT id::text FROM feedback_records WHERE tenant_id = ? AND payload->>'key' = '"
                                    + key.replace("'", "''") + "'",
                            tenant)
                    .size();
        }
    }

    private static Set<String> strings(Connection c, String sql, String tenant) throws SQLException {
        Set<String> values = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // its primary died under it
        }
    }
}
