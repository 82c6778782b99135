package dev.lockstep.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cross-cutting rules of API.md (authentication, scope, problem+json, request ids, body limit,
 * media type, ops endpoints), checked black-box through a real server on each storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossCuttingRulesContract {
    static final String SCOPED_KEY = "scoped-key-" + System.nanoTime();
    static final String OTHER_ADMIN = "other-admin-" + System.nanoTime();
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.putAll(TestServer.apiKey(0, "acme-only", SCOPED_KEY, List.of("acme"), false));
        props.putAll(TestServer.apiKey(1, "ops", OTHER_ADMIN, List.of("*"), true));
        server = TestServer.start(storage(), props);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        Map<String, Object> p = r.object();
        assertThat(p).containsEntry("code", code).containsEntry("status", (long) status);
        assertThat(p.get("type")).isEqualTo("/problems/" + code.replace('_', '-'));
        assertThat(p).containsKeys("title", "detail", "instance", "requestId", "retryable");
        assertThat(p.get("requestId")).isEqualTo(r.header("X-Request-Id"));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingOrUnknownKeyIsUnauthorized() {
        assertProblem(server.send("GET", "/v1/tenants/acme/deletions", null, null), 401, "unauthorized");
        assertProblem(server.send("GET", "/v1/tenants/acme/deletions", null, "not-a-key"), 401, "unauthorized");
    }

    @Test
    void keyOutsideItsTenantScopeIsForbiddenAndNonAdminKeysCannotPurge() {
        assertProblem(server.send("GET", "/v1/tenants/other/deletions", null, SCOPED_KEY), 403, "forbidden");
        assertProblem(server.send("DELETE", "/v1/tenants/acme/data", null, SCOPED_KEY), 403, "forbidden");
        assertThat(server.send("GET", "/v1/tenants/acme/deletions", null, SCOPED_KEY)
                        .status())
                .isEqualTo(200);
        assertThat(server.send("GET", "/v1/tenants/anything/deletions", null, OTHER_ADMIN)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void malformedTenantIdIsAValidationProblemWithFieldErrors() {
        TestServer.Response r = server.send("GET", "/v1/tenants/bad%20tenant!/deletions", null);
        assertProblem(r, 400, "validation_failed");
        assertThat(r.body()).contains("\"errors\"").contains("tenantId");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        TestServer.Response echoed = server.send("GET", "/health", null, null, Map.of("X-Request-Id", "req-123"));
        assertThat(echoed.header("X-Request-Id")).isEqualTo("req-123");
        TestServer.Response generated = server.send("GET", "/health", null, null);
        assertThat(generated.header("X-Request-Id")).isNotBlank();
        TestServer.Response problem =
                server.send("GET", "/v1/tenants/acme/deletions", null, null, Map.of("X-Request-Id", "req-456"));
        assertThat(problem.object()).containsEntry("requestId", "req-456");
    }

    @Test
    void unknownRouteIsAProblemNotAStackTrace() {
        assertProblem(server.send("GET", "/v1/tenants/acme/no-such-thing", null), 404, "not_found");
    }

    @Test
    void bodyOverOneMebibyteIsPayloadTooLarge() {
        String big = "{\"payload\":{\"x\":\"" + "a".repeat(1_100_000) + "\"}}";
        assertProblem(server.send("POST", "/v1/tenants/acme/feedback-records", big), 413, "payload_too_large");
    }

    @Test
    void malformedJsonIsAValidationProblem() {
        TestServer.Response r = server.send("POST", "/v1/tenants/acme/feedback-records", "{\"payload\": {");
        assertProblem(r, 400, "validation_failed");
        assertThat(r.object().get("errors")).asList().isNotEmpty();
    }

    @Test
    void unknownJsonFieldIsRejectedSoTyposNeverPassSilently() {
        TestServer.Response r =
                server.send("POST", "/v1/tenants/acme/feedback-records", "{\"payload\": {}, \"paylod\": {}}");
        assertProblem(r, 400, "validation_failed");
        assertThat(r.body()).contains("paylod");
    }

    @Test
    void unknownFieldInARatelimitNamesItsJsonPointerInTheApisOwnWords() {
        TestServer.Response r = server.send(
                "POST",
                "/v1/tenants/acme/identities",
                "{\"externalId\": \"u-1\", \"ratelimits\": [{\"name\": \"api\", \"limit\": 1, \"duration\": 5}]}");
        assertProblem(r, 400, "validation_failed");
        assertThat(r.object().get("errors"))
                .isEqualTo(List.of(Map.of("field", "/ratelimits/0/duration", "message", "is not a known field")));
        assertNoFrameworkWords(r);
    }

    @Test
    void wrongTypeInABodyNamesItsJsonPointerAndTheExpectedType() {
        TestServer.Response r = server.send(
                "POST",
                "/v1/tenants/acme/identities",
                "{\"externalId\": \"u-1\", \"ratelimits\": [{\"name\": \"api\", \"limit\": \"many\"}]}");
        assertProblem(r, 400, "validation_failed");
        assertThat(r.object().get("errors"))
                .isEqualTo(List.of(Map.of("field", "/ratelimits/0/limit", "message", "must be an integer")));
        assertNoFrameworkWords(r);
    }

    @Test
    void badCursorParameterNamesTheParameter() {
        TestServer.Response r = server.send("GET", "/v1/tenants/acme/deletions?after=abc", null);
        assertProblem(r, 400, "validation_failed");
        assertThat(r.object().get("errors"))
                .isEqualTo(List.of(Map.of("field", "after", "message", "must be an integer")));
        assertNoFrameworkWords(r);
    }

    @Test
    void malformedJsonPointsAtTheWholeBody() {
        TestServer.Response r = server.send("POST", "/v1/tenants/acme/feedback-records", "{\"payload\": {");
        assertProblem(r, 400, "validation_failed");
        assertThat(r.object().get("errors")).isEqualTo(List.of(Map.of("field", "", "message", "is not valid JSON")));
        assertNoFrameworkWords(r);
    }

    private static void assertNoFrameworkWords(TestServer.Response r) {
        assertThat(r.body())
                .doesNotContainIgnoringCase("argument")
                .doesNotContainIgnoringCase("deserializ")
                .doesNotContain("For input string")
                .doesNotContain("Body")
                .doesNotContain("dev.lockstep")
                .doesNotContain("io.micronaut")
                .doesNotContain("java.");
    }

    @Test
    void anonymousHealthShowsOnlyTheStatusAndAnAdminKeySeesTheDetails() {
        TestServer.Response anonymous = server.send("GET", "/health", null, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.object()).containsOnlyKeys("status");
        TestServer.Response scoped = server.send("GET", "/health", null, SCOPED_KEY);
        assertThat(scoped.object()).containsOnlyKeys("status");
        TestServer.Response admin = server.send("GET", "/health", null, server.adminKey());
        assertThat(admin.object()).containsKey("details");
    }

    @Test
    void bodyThatIsNotJsonIsUnsupportedMediaType() {
        TestServer.Response r = server.send(
                "POST",
                "/v1/tenants/acme/feedback-records",
                "payload=1",
                server.adminKey(),
                Map.of("Content-Type", "text/plain"));
        assertProblem(r, 415, "unsupported_media_type");
    }

    @Test
    void opsEndpointsNeedNoKey() {
        TestServer.Response health = server.send("GET", "/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.object()).containsEntry("status", "UP");
        TestServer.Response metrics = server.send("GET", "/metrics", null, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        TestServer.Response openapi = server.send("GET", "/openapi.yml", null, null);
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).startsWith("openapi:");
        TestServer.Response docs = server.send("GET", "/docs", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("<html");
        assertThat(docs.header("Content-Security-Policy")).contains("default-src 'none'");
        TestServer.Response docsScript = server.send("GET", "/docs/res/redoc.standalone.js", null, null);
        assertThat(docsScript.status()).isEqualTo(200);
        TestServer.Response type = server.send("GET", "/problems/tenant-write-conflict", null, null);
        assertThat(type.status()).isEqualTo(200);
        assertThat(type.body()).contains("tenant_write_conflict");
    }
}
