package dev.lockstep.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Input a store cannot keep exactly, and requests the HTTP framework refuses on its own, answer the
 * API's problem+json on both storages (API.md "Input" and "Errors"): never a 500, never a bare
 * framework answer, never a silent change of the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileInputContract {
    /** A JSON string escape for U+0000, and for a lone high surrogate. */
    private static final String NUL = "\\u0000";

    private static final String LONE = "\\ud800";

    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        server = TestServer.start(storage());
        assertThat(server.send("POST", "/v1/tenants/hostile/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code).containsEntry("status", (long) status);
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedInEveryStringTheApiAccepts() {
        for (String bad : List.of(NUL, LONE)) {
            List<String[]> requests = List.of(
                    new String[] {
                        "POST", "/v1/tenants/hostile/feedback-records", "{\"payload\":{\"a\":\"x" + bad + "\"}}"
                    },
                    new String[] {"POST", "/v1/tenants/hostile/feedback-records", "{\"payload\":{\"k" + bad + "\":1}}"},
                    new String[] {
                        "POST",
                        "/v1/tenants/hostile/feedback-records",
                        "{\"payload\":{\"a\":[{\"b\":[\"" + bad + "\"]}]}}"
                    },
                    new String[] {
                        "POST", "/v1/tenants/hostile/feedback-records", "{\"userId\":\"u" + bad + "\",\"payload\":{}}"
                    },
                    new String[] {"POST", "/v1/tenants/hostile/identities", "{\"externalId\":\"e" + bad + "\"}"},
                    new String[] {
                        "POST",
                        "/v1/tenants/hostile/identities",
                        "{\"externalId\":\"e1\",\"meta\":{\"m" + bad + "\":true}}"
                    },
                    new String[] {
                        "POST",
                        "/v1/tenants/hostile/identities",
                        "{\"externalId\":\"e2\",\"meta\":{\"m\":\"" + bad + "\"}}"
                    },
                    new String[] {
                        "POST",
                        "/v1/tenants/hostile/identities",
                        "{\"externalId\":\"e3\",\"ratelimits\":[{\"name\":\"r" + bad
                                + "\",\"limit\":1,\"durationMs\":1000,\"autoApply\":false}]}"
                    },
                    new String[] {"PATCH", "/v1/tenants/hostile/stacks/web/env", "{\"env\":{\"A\":\"v" + bad + "\"}}"},
                    new String[] {
                        "POST",
                        "/v1/tenants/hostile/webhooks",
                        "{\"url\":\"https://example.com/" + bad + "\",\"eventTypes\":[\"a\"],\"enabled\":true}"
                    });
            for (String[] r : requests) {
                assertProblem(server.send(r[0], r[1], r[2]), 400, "validation_failed");
            }
        }
        assertProblem(server.send("GET", "/v1/tenants/hostile/identities/a%00b", null), 400, "validation_failed");
        assertProblem(server.send("DELETE", "/v1/tenants/hostile/identities/a%00b", null), 400, "validation_failed");
        assertProblem(
                server.send("GET", "/v1/tenants/hostile/identities?cursor=a%00b", null), 400, "validation_failed");
        // bytes that are not UTF-8 at all (a CESU-encoded lone surrogate, a stray continuation byte)
        assertProblem(server.send("GET", "/v1/tenants/hostile/identities/%ED%A0%80", null), 400, "validation_failed");
        assertProblem(server.send("GET", "/v1/tenants/hostile/identities/a%80", null), 400, "validation_failed");
        // nothing of it was stored
        assertThat(server.send("GET", "/v1/tenants/hostile/feedback-records", null)
                        .object())
                .containsEntry("items", List.of());
        assertThat(server.send("GET", "/v1/tenants/hostile/identities", null).object())
                .containsEntry("items", List.of());
    }

    @Test
    void pairedSurrogatesAreValidTextAndComeBackExactly() {
        String smile = "\\ud83d\\ude00"; // U+1F600 as a JSON surrogate pair
        TestServer.Response created = server.send(
                "POST",
                "/v1/tenants/emoji/identities",
                "{\"externalId\":\"e" + smile + "\",\"meta\":{\"k" + smile + "\":\"v" + smile + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        TestServer.Response read = server.send(
                "GET", "/v1/tenants/emoji/identities/" + created.object().get("id"), null);
        assertThat(read.object()).containsEntry("externalId", "e\uD83D\uDE00");
        assertThat(read.object().get("meta")).isEqualTo(Map.of("k\uD83D\uDE00", "v\uD83D\uDE00"));
    }

    @Test
    void jsonNestedDeeperThan64LevelsIsAValidationProblem() {
        for (int depth : new int[] {65, 100, 512, 998}) {
            // the payload object is level 1
            String body = "{\"payload\":" + "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1) + "}";
            assertProblem(server.send("POST", "/v1/tenants/deep/feedback-records", body), 400, "validation_failed");
            String meta = "{\"externalId\":\"d" + depth + "\",\"meta\":" + "[".repeat(depth - 1) + "{}"
                    + "]".repeat(depth - 1) + "}";
            assertProblem(server.send("POST", "/v1/tenants/deep/identities", meta), 400, "validation_failed");
        }
        String atLimit = "{\"payload\":" + "{\"a\":".repeat(63) + "{}" + "}".repeat(63) + "}";
        assertThat(server.send("POST", "/v1/tenants/deep/feedback-records", atLimit)
                        .status())
                .isEqualTo(201);
        // its change-feed row wraps the 64-level payload one level deeper, and is written and read back
        TestServer.Response changes = server.send("GET", "/v1/tenants/deep/changes?limit=100", null);
        assertThat(changes.status()).isEqualTo(200);
        assertThat(changes.body()).contains("\"kind\":\"feedback_record\"");
    }

    @Test
    void wrongMethodOnAnExistingRouteIsMethodNotAllowedWithAllow() {
        TestServer.Response r = server.send("PUT", "/v1/tenants/acme/feedback-records", "{}");
        assertProblem(r, 405, "method_not_allowed");
        assertThat(r.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void overlongRequestLineIsUriTooLong() {
        assertProblem(server.send("GET", "/v1/tenants/acme/" + "a".repeat(10_000), null), 414, "uri_too_long");
    }

    @Test
    void oversizedHeadersAreHeadersTooLarge() {
        TestServer.Response r = server.send(
                "GET", "/v1/tenants/acme/deletions", null, server.adminKey(), Map.of("X-Padding", "p".repeat(10_240)));
        assertProblem(r, 431, "headers_too_large");
    }

    @Test
    void bodyThatDoesNotMatchItsContentEncodingIsAValidationProblem() {
        for (String encoding : List.of("gzip", "deflate")) {
            TestServer.Response r = server.send(
                    "POST",
                    "/v1/tenants/acme/feedback-records",
                    "{\"payload\":{}}",
                    server.adminKey(),
                    Map.of("Content-Encoding", encoding));
            assertProblem(r, 400, "validation_failed");
        }
    }

    @Test
    void anOriginHeaderNeverDeniesARequestWithAValidKey() {
        for (String origin : List.of("https://evil.example", "null", "http://10.1.2.3:8080")) {
            TestServer.Response read =
                    server.send("GET", "/v1/tenants/acme/deletions", null, server.adminKey(), Map.of("Origin", origin));
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            TestServer.Response write = server.send(
                    "POST",
                    "/v1/tenants/acme/feedback-records",
                    "{\"payload\":{}}",
                    server.adminKey(),
                    Map.of("Origin", origin));
            assertThat(write.status()).as(write.toString()).isEqualTo(201);
        }
    }

    @Test
    void withBrowserCorsConfiguredAnOriginOutsideItStillDoesNotDenyAValidKey() {
        Map<String, Object> cors = Map.of(
                "micronaut.server.cors.enabled", true,
                "micronaut.server.cors.configurations.web.allowed-origins", List.of("https://app.example"),
                "micronaut.server.cors.configurations.web.allowed-methods", List.of("GET"));
        try (TestServer withCors = TestServer.start(TestServer.Storage.MEMORY, cors)) {
            TestServer.Response other = withCors.send(
                    "GET",
                    "/v1/tenants/acme/deletions",
                    null,
                    withCors.adminKey(),
                    Map.of("Origin", "https://other.example"));
            assertThat(other.status()).as(other.toString()).isEqualTo(200);
        }
    }
}
