package dev.lockstep.http.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The identity and session routes of API.md through a real server, black-box, on each storage:
 * shapes, status codes and error codes, the sign-out without an API key, and the exactly-once
 * answers of concurrent deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityRoutesContract {
    private static final String OTHER_TENANT_KEY = "other-tenant-key-" + UUID.randomUUID();
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        server = TestServer.start(
                storage(), TestServer.apiKey(0, "other", OTHER_TENANT_KEY, List.of("someone-else"), false));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String tenant() {
        return "acme-" + UUID.randomUUID();
    }

    private static String path(String tenant) {
        return "/v1/tenants/" + tenant + "/identities";
    }

    private TestServer.Response createIdentity(String tenant, String externalId) {
        return server.send(
                "POST",
                path(tenant),
                TestJson.write(Map.of(
                        "externalId", externalId,
                        "meta", Map.of("plan", "free", "seats", 3),
                        "ratelimits",
                                List.of(Map.of("name", "api", "limit", 100, "durationMs", 60000, "autoApply", true)))));
    }

    private static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(TestServer.Response r) {
        return (List<Map<String, Object>>) r.object().get("items");
    }

    @Test
    void identityLifecycleCreateReadPatchDelete() {
        String tenant = tenant();
        TestServer.Response created = createIdentity(tenant, "user-42");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Map<String, Object> identity = created.object();
        String id = (String) identity.get("id");
        assertThat(identity).containsEntry("externalId", "user-42").containsKeys("createdAt", "updatedAt");
        assertThat(identity.get("meta")).isEqualTo(Map.of("plan", "free", "seats", 3L));
        assertThat((List<?>) identity.get("ratelimits")).singleElement().satisfies(r -> assertThat(
                        (Map<String, Object>) r)
                .containsOnlyKeys("id", "name", "limit", "durationMs", "autoApply")
                .containsEntry("name", "api")
                .containsEntry("limit", 100L)
                .containsEntry("autoApply", true));

        assertThat(server.send("GET", path(tenant) + "/" + id, null).object()).isEqualTo(identity);
        assertThat(server.send("GET", path(tenant) + "/user-42", null).object()).isEqualTo(identity);

        TestServer.Response patched = server.send(
                "PATCH",
                path(tenant) + "/user-42",
                "{\"meta\":{\"plan\":\"pro\"},\"ratelimits\":[{\"name\":\"api\",\"limit\":500,\"durationMs\":60000},{\"name\":\"login\",\"limit\":5,\"durationMs\":1000}]}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        List<Map<String, Object>> ratelimits =
                (List<Map<String, Object>>) patched.object().get("ratelimits");
        assertThat(ratelimits).extracting(r -> r.get("name")).containsExactly("api", "login");
        assertThat(ratelimits.get(0))
                .containsEntry("limit", 500L)
                .containsEntry("autoApply", false)
                .containsEntry("id", ((Map<String, Object>) ((List<?>) identity.get("ratelimits")).get(0)).get("id"));
        assertThat(server.send("GET", path(tenant) + "/" + id, null).object()).isEqualTo(patched.object());

        assertThat(server.send("DELETE", path(tenant) + "/user-42", null).status())
                .isEqualTo(204);
        assertProblem(server.send("GET", path(tenant) + "/" + id, null), 404, "not_found");
        assertProblem(server.send("DELETE", path(tenant) + "/" + id, null), 404, "not_found");
        assertProblem(server.send("PATCH", path(tenant) + "/" + id, "{\"meta\":{}}"), 404, "not_found");

        Map<String, Object> deletions =
                server.send("GET", "/v1/tenants/" + tenant + "/deletions", null).object();
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/deletions", null)))
                .extracting(e -> e.get("kind") + ":" + e.get("id"))
                .as(deletions.toString())
                .containsExactly("identity:" + id);
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/audit-events", null)))
                .extracting(e -> e.get("action"))
                .containsExactly("identity.create", "identity.update", "identity.delete");
    }

    @Test
    void createDeleteThreeTimesAnswers201And204EveryTime() {
        String tenant = tenant();
        for (int i = 0; i < 3; i++) {
            assertThat(createIdentity(tenant, "cycle").status()).isEqualTo(201);
            assertThat(server.send("DELETE", path(tenant) + "/cycle", null).status())
                    .isEqualTo(204);
        }
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/deletions", null)))
                .extracting(e -> e.get("kind"))
                .containsExactly("identity", "ratelimit", "identity", "ratelimit", "identity");
    }

    @Test
    void activeExternalIdTakenIs409IdentityExists() {
        String tenant = tenant();
        assertThat(createIdentity(tenant, "dup").status()).isEqualTo(201);
        assertProblem(createIdentity(tenant, "dup"), 409, "identity_exists");
    }

    @Test
    void badInputIs400ValidationFailedWithFieldErrors() {
        String tenant = tenant();
        TestServer.Response missing = server.send("POST", path(tenant), "{\"meta\":{}}");
        assertProblem(missing, 400, "validation_failed");
        assertThat(missing.body()).contains("externalId");

        TestServer.Response many = server.send(
                "POST",
                path(tenant),
                TestJson.write(Map.of(
                        "externalId", "x".repeat(256),
                        "meta", Map.of("blob", "y".repeat(64 * 1024)),
                        "ratelimits", List.of(Map.of("name", "a", "limit", 0, "durationMs", 1)))));
        assertProblem(many, 400, "validation_failed");
        assertThat((List<Map<String, Object>>) many.object().get("errors"))
                .extracting(e -> e.get("field"))
                .contains("/externalId", "/meta", "/ratelimits/0/limit");

        TestServer.Response dups = server.send(
                "POST",
                path(tenant),
                "{\"externalId\":\"d\",\"ratelimits\":[{\"name\":\"a\",\"limit\":1,\"durationMs\":1},{\"name\":\"a\",\"limit\":2,\"durationMs\":1}]}");
        assertProblem(dups, 400, "validation_failed");
        assertThat(dups.body()).contains("\"/ratelimits/1/name\"");

        assertProblem(
                server.send("POST", path(tenant), "{\"externalId\":\"e\",\"metta\":{}}"), 400, "validation_failed");
        assertProblem(
                server.send("POST", path(tenant), "{\"externalId\":\"e\",\"meta\":[1]}"), 400, "validation_failed");
        assertProblem(server.send("PATCH", path(tenant) + "/e", "{}"), 400, "validation_failed");
        assertProblem(server.send("GET", path(tenant) + "?limit=0", null), 400, "validation_failed");
        assertProblem(server.send("GET", path(tenant) + "?limit=101", null), 400, "validation_failed");
        assertProblem(server.send("GET", path(tenant) + "?cursor=nope", null), 400, "validation_failed");
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/audit-events", null)))
                .isEmpty();
    }

    @Test
    void listIsOrderedByIdWithACursor() {
        String tenant = tenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add((String) createIdentity(tenant, "l" + i).object().get("id"));
        }
        server.send("DELETE", path(tenant) + "/l2", null);
        ids.remove(2);
        TestServer.Response first = server.send("GET", path(tenant) + "?limit=3", null);
        assertThat(first.status()).isEqualTo(200);
        String cursor = (String) first.object().get("nextCursor");
        TestServer.Response second = server.send("GET", path(tenant) + "?limit=3&cursor=" + cursor, null);
        assertThat(second.object()).containsEntry("nextCursor", null);
        List<Object> seen = new ArrayList<>();
        items(first).forEach(i -> seen.add(i.get("id")));
        items(second).forEach(i -> seen.add(i.get("id")));
        assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void keyOutsideTheTenantScopeIsForbidden() {
        String tenant = tenant();
        assertProblem(server.send("POST", path(tenant), "{\"externalId\":\"x\"}", OTHER_TENANT_KEY), 403, "forbidden");
        assertProblem(server.send("GET", path(tenant) + "/x", null, OTHER_TENANT_KEY), 403, "forbidden");
        assertProblem(server.send("GET", path(tenant) + "/x", null, null), 401, "unauthorized");
    }

    @Test
    void sessionsCreateRevokeRevokeAllAndSignOutWithoutAnApiKey() {
        String tenant = tenant();
        createIdentity(tenant, "s");
        String sessions = path(tenant) + "/s/sessions";
        TestServer.Response created = server.send("POST", sessions, null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.object()).containsOnlyKeys("id", "refreshToken", "createdAt");
        String token = (String) created.object().get("refreshToken");

        String body = TestJson.write(Map.of("refreshToken", token));
        assertThat(server.send("POST", "/v1/sessions/sign-out", body, null).status())
                .isEqualTo(204);
        assertProblem(server.send("POST", "/v1/sessions/sign-out", body, null), 401, "unauthorized");
        assertProblem(
                server.send("POST", "/v1/sessions/sign-out", "{\"refreshToken\":\"made-up\"}", null),
                401,
                "unauthorized");
        assertProblem(server.send("POST", "/v1/sessions/sign-out", "{}", null), 400, "validation_failed");
        assertProblem(
                server.send("POST", "/v1/sessions/sign-out", "{\"refreshToken\":\"a\",\"x\":1}", null),
                400,
                "validation_failed");

        String one = (String) server.send("POST", sessions, null).object().get("id");
        assertThat(server.send("DELETE", sessions + "/" + one, null).status()).isEqualTo(204);
        assertProblem(server.send("DELETE", sessions + "/" + one, null), 404, "not_found");

        server.send("POST", sessions, null);
        server.send("POST", sessions, null);
        TestServer.Response all = server.send("DELETE", sessions, null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.object()).isEqualTo(Map.of("revoked", 2L));
        assertThat(server.send("DELETE", sessions, null).object()).isEqualTo(Map.of("revoked", 0L));
        assertProblem(server.send("POST", path(tenant) + "/nobody/sessions", null), 404, "not_found");

        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/deletions", null)))
                .extracting(e -> e.get("kind"))
                .containsExactly("session", "session", "session", "session");
    }

    @Test
    void deletingAnIdentityRevokesItsSessions() {
        String tenant = tenant();
        createIdentity(tenant, "gone");
        String token = (String) server.send("POST", path(tenant) + "/gone/sessions", null)
                .object()
                .get("refreshToken");
        assertThat(server.send("DELETE", path(tenant) + "/gone", null).status()).isEqualTo(204);
        assertProblem(
                server.send("POST", "/v1/sessions/sign-out", TestJson.write(Map.of("refreshToken", token)), null),
                401,
                "unauthorized");
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/deletions", null)))
                .extracting(e -> e.get("kind"))
                .containsExactlyInAnyOrder("identity", "session");
    }

    @Test
    void sixteenConcurrentDeletesGetOne204AndFifteen404() throws Exception {
        String tenant = tenant();
        String id = (String) createIdentity(tenant, "racy").object().get("id");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String ref = i % 2 == 0 ? id : "racy";
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.send("DELETE", path(tenant) + "/" + ref, null).status();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> f : answers) {
                byStatus.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(byStatus).isEqualTo(Map.of(204, 1, 404, 15));
        } finally {
            pool.shutdownNow();
        }
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/audit-events", null)))
                .extracting(e -> e.get("action"))
                .containsOnlyOnce("identity.delete");
        assertThat(items(server.send("GET", "/v1/tenants/" + tenant + "/deletions", null)))
                .hasSize(1);
    }
}
