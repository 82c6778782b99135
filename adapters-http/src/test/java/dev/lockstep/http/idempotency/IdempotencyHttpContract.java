package dev.lockstep.http.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code Idempotency-Key} header through a real server, black-box, on each storage: every POST
 * and PATCH under {@code /v1/tenants/**} replays its stored answer, a reused key is refused, a bad
 * key is a 400 on the header, and a session's stored answer holds no refresh token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyHttpContract {
    static final String OTHER_KEY = "idem-other-" + UUID.randomUUID();
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>(TestServer.apiKey(0, "other", OTHER_KEY, List.of("*"), false));
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
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TestJson.write(m);
    }

    TestServer.Response keyed(String method, String path, String body, String key) {
        return server.send(method, path, body, server.adminKey(), Map.of("Idempotency-Key", key));
    }

    static TestServer.Response ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code);
    }

    /** Sends the request twice with one key: the second is the first's answer, replayed. */
    TestServer.Response assertReplayed(String method, String path, String body, int status) {
        String key = "k-" + UUID.randomUUID();
        TestServer.Response first = ok(keyed(method, path, body, key), status);
        assertThat(first.header("Idempotent-Replayed"))
                .as("a first answer is no replay")
                .isNull();
        TestServer.Response again = ok(keyed(method, path, body, key), status);
        assertThat(again.header("Idempotent-Replayed")).as(method + " " + path).isEqualTo("true");
        assertThat(again.header("Content-Type")).startsWith("application/json");
        assertThat(again.json()).as(method + " " + path).isEqualTo(first.json());
        assertThat(again.header("Location"))
                .as("a replay carries the first answer's Location: " + method + " " + path)
                .isEqualTo(first.header("Location"));
        return first;
    }

    @SuppressWarnings("unchecked")
    static List<Object> items(TestServer.Response r) {
        return (List<Object>) r.object().get("items");
    }

    @Test
    void everyKeyedWriteUnderATenantReplaysItsAnswerAndRunsOnce() {
        String t = tenant();
        String v1 = "/v1/tenants/" + t;

        Map<String, Object> identity = assertReplayed(
                        "POST", v1 + "/identities", json("externalId", "u-1", "meta", Map.of("a", 1)), 201)
                .object();
        assertReplayed("PATCH", v1 + "/identities/u-1", json("meta", Map.of("a", 2)), 200);
        Map<String, Object> record = assertReplayed(
                        "POST", v1 + "/feedback-records", json("payload", Map.of("score", 5)), 201)
                .object();
        assertReplayed("PATCH", v1 + "/feedback-records/" + record.get("id"), json("payload", Map.of("score", 6)), 200);
        Map<String, Object> webhook = assertReplayed(
                        "POST",
                        v1 + "/webhooks",
                        json("url", "https://hooks.example.com/in", "eventTypes", List.of("a"), "enabled", true),
                        201)
                .object();
        assertReplayed("PATCH", v1 + "/webhooks/" + webhook.get("id"), json("enabled", false), 200);
        assertReplayed("POST", v1 + "/stacks", json("slug", "web", "env", Map.of("A", "1")), 201);
        assertReplayed("PATCH", v1 + "/stacks/web/env", json("env", Map.of("B", "2")), 200);

        assertThat(items(ok(server.send("GET", v1 + "/identities", null), 200))).hasSize(1);
        assertThat(items(ok(server.send("GET", v1 + "/feedback-records", null), 200)))
                .hasSize(1);
        assertThat(items(ok(server.send("GET", v1 + "/webhooks", null), 200))).hasSize(1);
        assertThat(ok(server.send("GET", v1 + "/identities/" + identity.get("id"), null), 200)
                        .object()
                        .get("meta"))
                .isEqualTo(Map.of("a", 2L));
        List<Object> audit = items(ok(server.send("GET", v1 + "/audit-events?limit=100", null), 200));
        assertThat(audit)
                .as("one identity.create, one identity.update, one stack.env.update: nothing ran twice")
                .hasSize(3);
    }

    @Test
    void aReplayedSessionIsTheSameSessionWithoutItsRefreshToken() {
        String t = tenant();
        ok(server.send("POST", "/v1/tenants/" + t + "/identities", json("externalId", "u-1")), 201);
        String path = "/v1/tenants/" + t + "/identities/u-1/sessions";
        TestServer.Response first = ok(keyed("POST", path, null, "session-1"), 201);
        TestServer.Response again = ok(keyed("POST", path, null, "session-1"), 201);

        assertThat(first.object().get("refreshToken")).isInstanceOf(String.class);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.object()).doesNotContainKey("refreshToken");
        assertThat(again.object().get("id")).isEqualTo(first.object().get("id"));
        assertThat(again.object().get("createdAt")).isEqualTo(first.object().get("createdAt"));
        assertThat(storedAnswerBodies(t))
                .isNotEmpty()
                .noneMatch(body -> body.contains((String) first.object().get("refreshToken")));
    }

    /** Every stored answer body of the tenant, read from the storage itself; empty where it cannot be read. */
    abstract List<String> storedAnswerBodies(String tenant);

    @Test
    void equalJsonWithOtherWhiteSpaceAndMemberOrderIsTheSameRequest() {
        String path = "/v1/tenants/" + tenant() + "/identities";
        ok(keyed("POST", path, "{\"externalId\":\"u-1\",\"meta\":{\"a\":1,\"b\":[1,2]}}", "same"), 201);
        TestServer.Response again =
                keyed("POST", path, "{ \"meta\" : { \"b\" : [1, 2], \"a\" : 1 },\n \"externalId\" : \"u-1\" }", "same");
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathIsRefusedAndAnotherApiKeysKeyIsAnotherRequest() {
        String t = tenant();
        String path = "/v1/tenants/" + t + "/feedback-records";
        ok(keyed("POST", path, json("payload", Map.of("n", 1)), "reused"), 201);

        assertProblem(keyed("POST", path, json("payload", Map.of("n", 2)), "reused"), 422, "idempotency_key_reused");
        assertProblem(
                keyed("POST", "/v1/tenants/" + t + "/stacks", json("slug", "s"), "reused"),
                422,
                "idempotency_key_reused");

        TestServer.Response other = server.send(
                "POST", path, json("payload", Map.of("n", 1)), OTHER_KEY, Map.of("Idempotency-Key", "reused"));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        assertThat(other.header("Idempotent-Replayed")).isNull();
        assertThat(items(ok(server.send("GET", path, null), 200))).hasSize(2);
    }

    @Test
    void aFailedRequestStoresNothingSoACorrectedRetryMayReuseTheKey() {
        String path = "/v1/tenants/" + tenant() + "/stacks";
        assertProblem(keyed("POST", path, json("slug", "Not A Slug"), "fix-me"), 400, "validation_failed");
        TestServer.Response fixed = keyed("POST", path, json("slug", "a-slug"), "fix-me");
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(201);
        assertThat(fixed.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void aKeyThatIsNotOneTo255PrintableAsciiCharactersIsA400OnTheHeader() {
        String path = "/v1/tenants/" + tenant() + "/feedback-records";
        for (String bad : List.of("", "a".repeat(256), "tab\there")) {
            TestServer.Response r = keyed("POST", path, json("payload", Map.of()), bad);
            assertProblem(r, 400, "validation_failed");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> errors =
                    (List<Map<String, Object>>) r.object().get("errors");
            assertThat(errors).extracting(e -> e.get("field")).containsExactly("Idempotency-Key");
        }
        ok(keyed("POST", path, json("payload", Map.of()), "~ printable: ASCII! " + "x".repeat(235)), 201);
        assertThat(items(ok(server.send("GET", path, null), 200))).hasSize(1);
    }
}
