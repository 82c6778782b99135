package dev.lockstep.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.TenantId;
import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feedback records, webhooks, the purge, the GDPR delete and the change feeds through a real server,
 * black-box, on each storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RecordsHttpContract {
    static final String SCOPED_KEY = "records-scoped-" + UUID.randomUUID();
    static final String SCOPED_ADMIN = "records-scoped-admin-" + UUID.randomUUID();
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.putAll(TestServer.apiKey(0, "acme-only", SCOPED_KEY, List.of("acme", "acme-2"), false));
        props.putAll(TestServer.apiKey(1, "acme-admin", SCOPED_ADMIN, List.of("acme"), true));
        server = TestServer.start(storage(), props);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    static String json(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TestJson.write(m);
    }

    static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code);
    }

    TestServer.Response ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(TestServer.Response r) {
        return (List<Map<String, Object>>) r.object().get("items");
    }

    @Test
    void feedbackRecordLifecycleAndItsDeletionLogEntry() {
        String t = tenant();
        String base = "/v1/tenants/" + t + "/feedback-records";
        Map<String, Object> created = ok(
                        server.send("POST", base, json("userId", "u-1", "payload", Map.of("score", 5, "text", "ok"))),
                        201)
                .object();
        String id = (String) created.get("id");
        assertThat(created).containsEntry("userId", "u-1").containsEntry("payload", Map.of("score", 5L, "text", "ok"));
        assertThat(created.get("createdAt")).isEqualTo(created.get("updatedAt"));
        assertThat((String) created.get("createdAt")).endsWith("Z");
        assertThat(ok(server.send("GET", base + "/" + id, null), 200).object()).isEqualTo(created);

        String second = (String) ok(server.send("POST", base, json("payload", Map.of())), 201)
                .object()
                .get("id");
        TestServer.Response page = ok(server.send("GET", base + "?limit=1", null), 200);
        assertThat(items(page)).extracting(m -> m.get("id")).containsExactly(id);
        assertThat(page.object().get("nextCursor")).isEqualTo(id);
        TestServer.Response last = ok(server.send("GET", base + "?limit=1&cursor=" + id, null), 200);
        assertThat(items(last)).extracting(m -> m.get("id")).containsExactly(second);
        assertThat(last.object()).containsEntry("nextCursor", null);
        assertThat(items(last).get(0)).containsEntry("userId", null);

        Map<String, Object> patched = ok(
                        server.send("PATCH", base + "/" + id, json("payload", Map.of("score", 1))), 200)
                .object();
        assertThat(patched)
                .containsEntry("payload", Map.of("score", 1L))
                .containsEntry("createdAt", created.get("createdAt"));

        ok(server.send("DELETE", base + "/" + id, null), 204);
        assertProblem(server.send("DELETE", base + "/" + id, null), 404, "not_found");
        assertProblem(server.send("GET", base + "/" + id, null), 404, "not_found");

        Map<String, Object> deletions = ok(
                        server.send("GET", "/v1/tenants/" + t + "/deletions?after=0&limit=10", null), 200)
                .object();
        assertThat(items(ok(server.send("GET", "/v1/tenants/" + t + "/deletions", null), 200)))
                .hasSize(1);
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/deletions", null))
                        .get(0))
                .containsEntry("tenantId", t)
                .containsEntry("kind", "feedback_record")
                .containsEntry("id", id)
                .containsKeys("seq", "deletedAt");
        long nextSeq = ((Number) deletions.get("nextSeq")).longValue();
        assertThat(items(ok(server.send("GET", "/v1/tenants/" + t + "/deletions?after=" + nextSeq, null), 200)))
                .isEmpty();
    }

    @Test
    void badFeedbackRecordInputIsAValidationProblem() {
        String base = "/v1/tenants/" + tenant() + "/feedback-records";
        String big = "x".repeat(65_536);
        TestServer.Response tooBig = server.send("POST", base, json("payload", Map.of("k", big)));
        assertProblem(tooBig, 400, "validation_failed");
        assertThat(tooBig.body()).contains("payload");
        assertProblem(server.send("POST", base, json("userId", "u")), 400, "validation_failed");
        assertProblem(server.send("POST", base, null), 400, "validation_failed");
        assertProblem(server.send("POST", base, "{\"payload\": {\"a\": 1}"), 400, "validation_failed");
        assertProblem(server.send("POST", base, json("payload", List.of(1))), 400, "validation_failed");
        assertProblem(server.send("POST", base, json("payload", Map.of(), "extra", 1)), 400, "validation_failed");
        assertProblem(server.send("POST", base, json("userId", "", "payload", Map.of())), 400, "validation_failed");
        assertProblem(server.send("GET", base + "/not-a-uuid", null), 400, "validation_failed");
        assertProblem(
                server.send("PATCH", base + "/" + UUID.randomUUID(), json("payload", null)), 400, "validation_failed");
        assertProblem(server.send("GET", base + "?limit=0", null), 400, "validation_failed");
        assertProblem(server.send("GET", base + "?limit=101", null), 400, "validation_failed");
        assertProblem(server.send("GET", base + "?cursor=nope", null), 400, "validation_failed");
        assertProblem(
                server.send("PATCH", base + "/" + UUID.randomUUID(), json("payload", Map.of())), 404, "not_found");
    }

    @Test
    void aRecordIdOfAnotherTenantIsNotFoundAndAKeyOutsideItsScopeIsForbidden() {
        String owner = tenant();
        String id = (String)
                ok(server.send("POST", "/v1/tenants/" + owner + "/feedback-records", json("payload", Map.of())), 201)
                        .object()
                        .get("id");
        String other = tenant();
        assertProblem(server.send("GET", "/v1/tenants/" + other + "/feedback-records/" + id, null), 404, "not_found");
        assertProblem(
                server.send("DELETE", "/v1/tenants/" + other + "/feedback-records/" + id, null), 404, "not_found");
        assertProblem(
                server.send("GET", "/v1/tenants/" + owner + "/feedback-records/" + id, null, SCOPED_KEY),
                403,
                "forbidden");
        ok(server.send("POST", "/v1/tenants/acme/feedback-records", json("payload", Map.of()), SCOPED_KEY), 201);
        ok(server.send("GET", "/v1/tenants/" + owner + "/feedback-records/" + id, null), 200);
    }

    @Test
    void webhookLifecycleAndValidation() {
        String t = tenant();
        String base = "/v1/tenants/" + t + "/webhooks";
        Map<String, Object> created = ok(
                        server.send(
                                "POST",
                                base,
                                json(
                                        "url",
                                        "https://hooks.example.com/a",
                                        "eventTypes",
                                        List.of("record.created"),
                                        "enabled",
                                        true)),
                        201)
                .object();
        String id = (String) created.get("id");
        assertThat(created)
                .containsEntry("tenantId", t)
                .containsEntry("url", "https://hooks.example.com/a")
                .containsEntry("eventTypes", List.of("record.created"))
                .containsEntry("enabled", true);
        assertThat(ok(server.send("GET", base + "/" + id, null), 200).object()).isEqualTo(created);
        assertThat(items(ok(server.send("GET", base, null), 200))).hasSize(1);
        Map<String, Object> patched = ok(server.send("PATCH", base + "/" + id, json("enabled", false)), 200)
                .object();
        assertThat(patched).containsEntry("enabled", false).containsEntry("url", created.get("url"));

        TestServer.Response bad = server.send("POST", base, json("url", "ftp://x", "eventTypes", List.of("a", "a")));
        assertProblem(bad, 400, "validation_failed");
        assertThat(bad.body())
                .contains("\"/url\"")
                .contains("\"/eventTypes/1\"")
                .contains("\"/enabled\"");
        assertProblem(server.send("PATCH", base + "/" + id, json("url", "nope")), 400, "validation_failed");

        ok(server.send("DELETE", base + "/" + id, null), 204);
        assertProblem(server.send("GET", base + "/" + id, null), 404, "not_found");
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/deletions", null)))
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("kind", "webhook").containsEntry("id", id));
    }

    @Test
    void aWebhookMoveNeedsBothTenantsInScopeAndIsAuditedInBoth() {
        String base = "/v1/tenants/acme/webhooks";
        String id = (String) ok(
                        server.send(
                                "POST",
                                base,
                                json("url", "http://h.example/x", "eventTypes", List.of(), "enabled", true),
                                SCOPED_KEY),
                        201)
                .object()
                .get("id");
        String outside = tenant();
        assertProblem(server.send("PATCH", base + "/" + id, json("tenantId", outside), SCOPED_KEY), 403, "forbidden");
        assertProblem(
                server.send("PATCH", base + "/" + id, json("tenantId", "bad tenant!"), SCOPED_KEY),
                400,
                "validation_failed");

        Map<String, Object> moved = ok(
                        server.send("PATCH", base + "/" + id, json("tenantId", "acme-2"), SCOPED_KEY), 200)
                .object();
        assertThat(moved).containsEntry("tenantId", "acme-2");
        assertProblem(server.send("GET", base + "/" + id, null, SCOPED_KEY), 404, "not_found");
        ok(server.send("GET", "/v1/tenants/acme-2/webhooks/" + id, null, SCOPED_KEY), 200);
        for (String t : List.of("acme", "acme-2")) {
            List<Map<String, Object>> audit =
                    items(ok(server.send("GET", "/v1/tenants/" + t + "/audit-events?limit=100", null), 200));
            assertThat(audit)
                    .filteredOn(e -> id.equals(e.get("resourceId")))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e).containsEntry("action", "webhook.move").containsKeys("seq", "at");
                        assertThat(e.get("details")).isEqualTo(Map.of("fromTenantId", "acme", "toTenantId", "acme-2"));
                    });
        }
    }

    @Test
    void purgeAnswersTheCountsRecordsItsLogEntriesAndIsTimed() {
        String t = tenant();
        ok(server.send("POST", "/v1/tenants/" + t + "/feedback-records", json("payload", Map.of())), 201);
        ok(server.send("POST", "/v1/tenants/" + t + "/feedback-records", json("payload", Map.of())), 201);
        ok(
                server.send(
                        "POST",
                        "/v1/tenants/" + t + "/webhooks",
                        json("url", "https://x.example", "eventTypes", List.of(), "enabled", false)),
                201);

        assertProblem(server.send("DELETE", "/v1/tenants/acme/data", null, SCOPED_KEY), 403, "forbidden");
        assertProblem(server.send("DELETE", "/v1/tenants/" + t + "/data", null, SCOPED_ADMIN), 403, "forbidden");
        Map<String, Object> purged = ok(server.send("DELETE", "/v1/tenants/" + t + "/data", null), 200)
                .object();
        assertThat(purged)
                .isEqualTo(Map.of(
                        "deleted",
                        Map.of(
                                "identities",
                                0L,
                                "ratelimits",
                                0L,
                                "sessions",
                                0L,
                                "feedbackRecords",
                                2L,
                                "webhooks",
                                1L,
                                "stacks",
                                0L)));
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/feedback-records", null)))
                .isEmpty();
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/deletions", null)))
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("kind", "tenant").containsEntry("id", t));
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/audit-events", null)))
                .singleElement()
                .satisfies(e ->
                        assertThat(e).containsEntry("action", "tenant.purge").containsEntry("resourceId", t));
        assertThat(server.send("GET", "/metrics", null, null).body())
                .contains("lockstep_purge_duration_seconds_count{outcome=\"purged\"");
    }

    @Test
    void writesDuringARunningPurgeAreRetryableConflicts() throws Exception {
        String t = tenant();
        StoragePorts storage = server.context().getBean(StoragePorts.class);
        // the race: a purge unit parks inside the tenant's exclusive lock while the requests arrive
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> purge =
                CompletableFuture.supplyAsync(() -> storage.tenantWriteLocks().purge(TenantId.of(t), unit -> {
                    inside.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            TenantServerChecks.assertConflict(
                    server.send("POST", "/v1/tenants/" + t + "/feedback-records", json("payload", Map.of())));
            TenantServerChecks.assertConflict(server.send(
                    "POST",
                    "/v1/tenants/" + t + "/webhooks",
                    json("url", "https://x.example", "eventTypes", List.of(), "enabled", true)));
            ok(server.send("POST", "/v1/tenants/" + tenant() + "/feedback-records", json("payload", Map.of())), 201);
        } finally {
            release.countDown();
            purge.get(10, TimeUnit.SECONDS);
        }
        assertThat(items(server.send("GET", "/v1/tenants/" + t + "/feedback-records", null)))
                .isEmpty();
        ok(server.send("POST", "/v1/tenants/" + t + "/feedback-records", json("payload", Map.of())), 201);
    }

    @Test
    void gdprDeleteRemovesTheUsersRecordsInEveryTenantForAnAllTenantsAdminOnly() {
        String user = "user-" + UUID.randomUUID();
        String a = tenant();
        String b = tenant();
        for (String t : List.of(a, a, b)) {
            ok(
                    server.send(
                            "POST",
                            "/v1/tenants/" + t + "/feedback-records",
                            json("userId", user, "payload", Map.of())),
                    201);
        }
        String keep = (String) ok(
                        server.send(
                                "POST",
                                "/v1/tenants/" + a + "/feedback-records",
                                json("userId", "other", "payload", Map.of())),
                        201)
                .object()
                .get("id");
        String path = "/v1/users/" + user + "/feedback-records";
        assertProblem(server.send("DELETE", path, null, SCOPED_KEY), 403, "forbidden");
        assertProblem(server.send("DELETE", path, null, SCOPED_ADMIN), 403, "forbidden");

        Map<String, Object> result = ok(server.send("DELETE", path, null), 200).object();
        assertThat(result).isEqualTo(Map.of("deletedByTenant", Map.of(a, 2L, b, 1L)));
        assertThat(items(server.send("GET", "/v1/tenants/" + a + "/feedback-records", null)))
                .extracting(m -> m.get("id"))
                .containsExactly(keep);
        assertThat(items(server.send("GET", "/v1/tenants/" + a + "/deletions", null)))
                .hasSize(2);
        assertThat(ok(server.send("DELETE", path, null), 200).object()).isEqualTo(Map.of("deletedByTenant", Map.of()));
    }
}
