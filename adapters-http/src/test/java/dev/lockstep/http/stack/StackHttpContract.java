package dev.lockstep.http.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.contract.Await;
import dev.lockstep.http.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stack routes black-box through a real server on each storage: status codes, problem codes,
 * the teardown after a short configured delay, and lock_timeout with Retry-After while the stack's
 * row lock is held from outside ({@link #holdRowLock}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StackHttpContract {
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);
    TestServer server;

    abstract TestServer.Storage storage();

    /** Holds the row lock of the stack like another client would, until closed. */
    abstract AutoCloseable holdRowLock(String tenant, String slug) throws Exception;

    @BeforeAll
    void start() {
        server = TestServer.start(
                storage(),
                withSmallPool(Map.of(
                        "lockstep.stacks.teardown-delay",
                        "200ms",
                        "lockstep.stacks.env-lock-timeout",
                        LOCK_TIMEOUT.toMillis() + "ms")));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /**
     * The database server is shared with other suites running at the same time: keep this suite's
     * connection pools small. (In memory there is no datasource to configure.)
     */
    Map<String, Object> withSmallPool(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        if (storage() == TestServer.Storage.MEMORY) {
            return all;
        }
        all.put("datasources.default.maximum-pool-size", 6);
        all.put("datasources.default.minimum-idle", 1);
        return all;
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code);
    }

    TestServer.Response createStack(String tenant, String body) {
        return server.send("POST", "/v1/tenants/" + tenant + "/stacks", body);
    }

    TestServer.Response patchEnv(String tenant, String slug, String body) {
        return server.send("PATCH", "/v1/tenants/" + tenant + "/stacks/" + slug + "/env", body);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> auditEvents(String tenant) {
        TestServer.Response r = server.send("GET", "/v1/tenants/" + tenant + "/audit-events", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return (List<Map<String, Object>>) r.object().get("items");
    }

    @Test
    void createReadListAndDuplicateSlug() {
        String t = newTenant();
        TestServer.Response created = createStack(t, "{\"slug\":\"web\",\"env\":{\"B\":\"2\",\"A\":\"1\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.object())
                .containsEntry("slug", "web")
                .containsEntry("status", "active")
                .containsEntry("env", Map.of("A", "1", "B", "2"))
                .containsKeys("createdAt", "updatedAt");

        assertProblem(createStack(t, "{\"slug\":\"web\"}"), 409, "stack_exists");
        assertProblem(createStack(t, "{\"slug\":\"Not_A_Slug\"}"), 400, "validation_failed");
        assertProblem(createStack(t, "{\"env\":{}}"), 400, "validation_failed");
        assertThat(createStack(t, null).status()).isEqualTo(400);
        assertProblem(createStack(t, "{\"slug\":\"x\",\"colour\":\"red\"}"), 400, "validation_failed");

        TestServer.Response read = server.send("GET", "/v1/tenants/" + t + "/stacks/web", null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.object()).containsEntry("env", Map.of("A", "1", "B", "2"));
        assertThat(read.object().get("createdAt"))
                .as("the answer and a later read agree")
                .isEqualTo(created.object().get("createdAt"));
        assertProblem(server.send("GET", "/v1/tenants/" + t + "/stacks/nope", null), 404, "not_found");

        createStack(t, "{\"slug\":\"api\"}");
        TestServer.Response page = server.send("GET", "/v1/tenants/" + t + "/stacks?limit=1", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.object()).containsEntry("nextCursor", "api");
        TestServer.Response next = server.send("GET", "/v1/tenants/" + t + "/stacks?limit=1&cursor=api", null);
        assertThat(next.body()).contains("\"slug\":\"web\"").contains("\"nextCursor\":null");
    }

    @Test
    void patchMergesDeletesWithEmptyOrNullAndAuditsTheCounts() {
        String t = newTenant();
        createStack(t, "{\"slug\":\"app\",\"env\":{\"B\":\"old\",\"C\":\"old\"}}");
        TestServer.Response r = patchEnv(t, "app", "{\"env\":{\"A\":\"1\",\"B\":\"\",\"C\":null,\"GONE\":null}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.object())
                .containsEntry("env", Map.of("A", "1"))
                .containsEntry("keysSet", 1L)
                .containsEntry("keysDeleted", 2L);
        assertThat(auditEvents(t)).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("action", "stack.env.update").containsEntry("resourceId", "app");
            assertThat(e.get("details")).isEqualTo(Map.of("keysSet", 1L, "keysDeleted", 2L));
        });
    }

    @Test
    void rejectedPatchesAnswerTheirProblemAndLeaveNoAuditEvent() {
        String t = newTenant();
        createStack(t, "{\"slug\":\"app\",\"env\":{\"A\":\"1\"}}");
        assertProblem(patchEnv(t, "missing", "{\"env\":{\"A\":\"2\"}}"), 404, "not_found");
        assertProblem(patchEnv(t, "app", "{\"env\":{\"1BAD\":\"x\"}}"), 400, "validation_failed");
        assertProblem(patchEnv(t, "app", "{\"env\":{\"A\":5}}"), 400, "validation_failed");
        assertProblem(patchEnv(t, "app", "{\"env\":{\"A\":\"2\"},\"extra\":1}"), 400, "validation_failed");
        assertProblem(patchEnv(t, "app", "{}"), 400, "validation_failed");
        assertThat(patchEnv(t, "app", null).status()).isEqualTo(400);
        assertProblem(patchEnv(t, "app", "{\"env\":null}"), 400, "validation_failed");
        assertProblem(patchEnv(t, "app", "{\"env\":{\"A\":"), 400, "validation_failed");
        assertProblem(
                server.send(
                        "PATCH",
                        "/v1/tenants/" + t + "/stacks/app/env",
                        "A=2",
                        server.adminKey(),
                        Map.of("Content-Type", "text/plain")),
                415,
                "unsupported_media_type");
        assertProblem(patchEnv(t, "Bad_Slug", "{\"env\":{\"A\":\"2\"}}"), 400, "validation_failed");
        assertProblem(patchEnv(t, "app", "{\"env\":{\"BIG\":\"" + "v".repeat(70_000) + "\"}}"), 413, "env_too_large");
        assertThat(server.send("GET", "/v1/tenants/" + t + "/stacks/app", null).object())
                .containsEntry("env", Map.of("A", "1"));
        assertThat(auditEvents(t)).isEmpty();
    }

    @Test
    void deleteAnswers202ThenPatchIsRefusedAndTheTeardownRemovesTheStackAfterTheDelay() {
        String t = newTenant();
        createStack(t, "{\"slug\":\"temp\",\"env\":{\"A\":\"1\"}}");
        TestServer.Response deleted = server.send("DELETE", "/v1/tenants/" + t + "/stacks/temp", null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        assertThat(deleted.object()).containsEntry("status", "deleting");

        TestServer.Response patch = patchEnv(t, "temp", "{\"env\":{\"B\":\"2\"}}");
        // within the 200 ms delay the stack is deleting (409); had the teardown already run, it is gone (404)
        assertThat(patch.status()).as(patch.toString()).isIn(409, 404);
        assertThat(patch.object().get("code")).isIn("stack_deleting", "not_found");

        Await.until(
                "the teardown removed the stack",
                () -> server.send("GET", "/v1/tenants/" + t + "/stacks/temp", null)
                                .status()
                        == 404);
        // the row's removal and its deletion-log entry commit together on both storages
        TestServer.Response deletions = server.send("GET", "/v1/tenants/" + t + "/deletions", null);
        assertThat(deletions.body()).contains("\"kind\":\"stack\"").contains("\"id\":\"temp\"");
        assertThat(auditEvents(t)).extracting(e -> e.get("action")).containsExactly("stack.delete");
        assertProblem(server.send("DELETE", "/v1/tenants/" + t + "/stacks/temp", null), 404, "not_found");
    }

    /** A second server over the same storage kind with the given teardown delay (memory: its own maps). */
    abstract TestServer startAnother(Map<String, Object> properties);

    @Test
    void patchOnAStackBeingTornDownIs409StackDeletingAndTheStackWaitsForTheConfiguredDelay() {
        // a server whose teardown delay is an hour: the stack stays 'deleting', so the answer cannot
        // depend on whether the teardown already ran
        try (TestServer slow = startAnother(withSmallPool(Map.of("lockstep.stacks.teardown-delay", "1h")))) {
            String t = newTenant();
            assertThat(slow.send("POST", "/v1/tenants/" + t + "/stacks", "{\"slug\":\"busy\",\"env\":{\"A\":\"1\"}}")
                            .status())
                    .isEqualTo(201);
            assertThat(slow.send("DELETE", "/v1/tenants/" + t + "/stacks/busy", null)
                            .status())
                    .isEqualTo(202);
            // a repeated DELETE is harmless
            assertThat(slow.send("DELETE", "/v1/tenants/" + t + "/stacks/busy", null)
                            .status())
                    .isEqualTo(202);
            assertProblem(
                    slow.send("PATCH", "/v1/tenants/" + t + "/stacks/busy/env", "{\"env\":{\"B\":\"2\"}}"),
                    409,
                    "stack_deleting");
            TestServer.Response read = slow.send("GET", "/v1/tenants/" + t + "/stacks/busy", null);
            assertThat(read.object()).containsEntry("status", "deleting").containsEntry("env", Map.of("A", "1"));
            TestServer.Response audit = slow.send("GET", "/v1/tenants/" + t + "/audit-events", null);
            assertThat(audit.object()).containsEntry("items", List.of());
        }
    }

    @Test
    void heldRowLockAnswers503LockTimeoutWithRetryAfterWithinTheBound() throws Exception {
        String t = newTenant();
        createStack(t, "{\"slug\":\"locked\",\"env\":{\"A\":\"1\"}}");
        try (AutoCloseable held = holdRowLock(t, "locked")) {
            long started = System.nanoTime();
            TestServer.Response r = patchEnv(t, "locked", "{\"env\":{\"B\":\"2\"}}");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertProblem(r, 503, "lock_timeout");
            assertThat(r.object()).containsEntry("retryable", true);
            assertThat(r.header("Retry-After")).isNotBlank();
            assertThat(took)
                    .isGreaterThanOrEqualTo(LOCK_TIMEOUT.minusMillis(50))
                    .isLessThan(LOCK_TIMEOUT.plusMillis(1500));
        }
        assertThat(server.send("GET", "/v1/tenants/" + t + "/stacks/locked", null)
                        .object())
                .containsEntry("env", Map.of("A", "1"));
        assertThat(auditEvents(t)).isEmpty();
        assertThat(patchEnv(t, "locked", "{\"env\":{\"B\":\"2\"}}").status()).isEqualTo(200);
    }
}
