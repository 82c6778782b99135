package dev.lockstep.http.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The change feed through a real server, on each storage: for every kind, the row of its latest
 * upsert is exactly what the kind's GET route answers, field for field (what keeps the feed's
 * rendering and the HTTP views from drifting apart); deletions carry one seq in both feeds; and the
 * route validates its cursor like {@code /deletions}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChangeLogFeedHttpContract {
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        server = TestServer.start(storage());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String json(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TestJson.write(m);
    }

    private Map<String, Object> ok(String method, String path, String body, int status) {
        TestServer.Response r = server.send(method, path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.body() == null || r.body().isEmpty() ? Map.of() : r.object();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    /** The tenant's whole feed, through the cursor, one entry per page (so nextSeq is exercised). */
    private List<Map<String, Object>> feed(String tenant) {
        List<Map<String, Object>> all = new ArrayList<>();
        long after = 0;
        while (true) {
            Map<String, Object> page =
                    ok("GET", "/v1/tenants/" + tenant + "/changes?after=" + after + "&limit=1", null, 200);
            List<Map<String, Object>> items = items(page);
            if (items.isEmpty()) {
                assertThat(((Number) page.get("nextSeq")).longValue()).isEqualTo(after);
                return all;
            }
            all.addAll(items);
            after = ((Number) page.get("nextSeq")).longValue();
            assertThat(after).isEqualTo(((Number) items.get(0).get("seq")).longValue());
        }
    }

    /** The row of the last upsert of {@code (kind, id)} in {@code feed}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastRow(List<Map<String, Object>> feed, String kind, String id) {
        Map<String, Object> row = null;
        for (Map<String, Object> e : feed) {
            if (kind.equals(e.get("kind")) && id.equals(e.get("id")) && "upsert".equals(e.get("op"))) {
                row = (Map<String, Object>) e.get("row");
            }
        }
        assertThat(row).as("an upsert of %s %s in %s", kind, id, feed).isNotNull();
        return row;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRowOfEveryKindIsWhatItsGetRouteAnswers() {
        String t = "t-" + UUID.randomUUID();
        String base = "/v1/tenants/" + t;

        Map<String, Object> identity = ok(
                "POST",
                base + "/identities",
                json(
                        "externalId",
                        "ext-1",
                        "meta",
                        Map.of("plan", "pro", "n", 1, "nested", Map.of("a", List.of(1, "x"))),
                        "ratelimits",
                        List.of(
                                Map.of("name", "api", "limit", 10, "durationMs", 1000, "autoApply", true),
                                Map.of("name", "login", "limit", 5, "durationMs", 60000, "autoApply", false))),
                201);
        String identityId = (String) identity.get("id");
        ok(
                "PATCH",
                base + "/identities/" + identityId,
                json(
                        "ratelimits",
                        List.of(
                                Map.of("name", "api", "limit", 11, "durationMs", 1000, "autoApply", true),
                                Map.of("name", "login", "limit", 5, "durationMs", 60000, "autoApply", false))),
                200);
        Map<String, Object> session = ok("POST", base + "/identities/" + identityId + "/sessions", null, 201);

        Map<String, Object> record =
                ok("POST", base + "/feedback-records", json("payload", Map.of("score", 5, "text", "ok")), 201);
        String recordId = (String) record.get("id");
        Map<String, Object> lone = ok("POST", base + "/feedback-records", json("payload", Map.of()), 201);
        ok("PATCH", base + "/feedback-records/" + recordId, json("payload", Map.of("score", 1.5)), 200);

        Map<String, Object> webhook = ok(
                "POST",
                base + "/webhooks",
                json("url", "https://hooks.example/a", "eventTypes", List.of("x.y"), "enabled", true),
                201);
        String webhookId = (String) webhook.get("id");
        ok("PATCH", base + "/webhooks/" + webhookId, json("enabled", false), 200);

        ok("POST", base + "/stacks", json("slug", "web", "env", Map.of("A", "1")), 201);
        ok("PATCH", base + "/stacks/web/env", json("env", Map.of("B", "2")), 200);
        ok("POST", base + "/stacks", json("slug", "old"), 201);
        Map<String, Object> deleting = ok("DELETE", base + "/stacks/old", null, 202); // the stack as it turned deleting

        List<Map<String, Object>> feed = feed(t);

        Map<String, Object> gotIdentity = ok("GET", base + "/identities/" + identityId, null, 200);
        assertThat(lastRow(feed, "identity", identityId)).isEqualTo(gotIdentity);
        for (Map<String, Object> ratelimit : (List<Map<String, Object>>) gotIdentity.get("ratelimits")) {
            Map<String, Object> expected = new LinkedHashMap<>(ratelimit);
            expected.put("identityId", identityId);
            assertThat(lastRow(feed, "ratelimit", (String) ratelimit.get("id"))).isEqualTo(expected);
        }
        Map<String, Object> expectedSession = new LinkedHashMap<>(session);
        expectedSession.remove("refreshToken");
        expectedSession.put("identityId", identityId);
        assertThat(lastRow(feed, "session", (String) session.get("id"))).isEqualTo(expectedSession);

        assertThat(lastRow(feed, "feedback_record", recordId))
                .isEqualTo(ok("GET", base + "/feedback-records/" + recordId, null, 200));
        assertThat(lastRow(feed, "feedback_record", (String) lone.get("id")))
                .isEqualTo(ok("GET", base + "/feedback-records/" + lone.get("id"), null, 200));
        assertThat(lastRow(feed, "webhook", webhookId))
                .isEqualTo(ok("GET", base + "/webhooks/" + webhookId, null, 200));
        assertThat(lastRow(feed, "stack", "web")).isEqualTo(ok("GET", base + "/stacks/web", null, 200));
        assertThat(lastRow(feed, "stack", "old")).isEqualTo(deleting).containsEntry("status", "deleting");

        // an upsert carries its row; a delete (here the teardown of "old", once its delay is up) none
        assertThat(feed).allSatisfy(e -> assertThat(e)
                .containsOnlyKeys(
                        "upsert".equals(e.get("op"))
                                ? List.of("seq", "kind", "id", "op", "row")
                                : List.of("seq", "kind", "id", "op")));
        assertThat(feed)
                .extracting(e -> ((Number) e.get("seq")).longValue())
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void aDeletionIsOneEntryWithOneSeqInBothFeeds() {
        String t = "t-" + UUID.randomUUID();
        String base = "/v1/tenants/" + t;
        String id = (String) ok("POST", base + "/feedback-records", json("payload", Map.of()), 201)
                .get("id");
        ok("DELETE", base + "/feedback-records/" + id, null, 204);

        List<Map<String, Object>> feed = feed(t);
        assertThat(feed).extracting(e -> e.get("op")).containsExactly("upsert", "delete");
        Map<String, Object> delete = feed.get(1);
        assertThat(delete)
                .doesNotContainKey("row")
                .containsEntry("kind", "feedback_record")
                .containsEntry("id", id);
        List<Map<String, Object>> deletions = items(ok("GET", base + "/deletions", null, 200));
        assertThat(deletions).hasSize(1);
        assertThat(deletions.get(0).get("seq")).isEqualTo(delete.get("seq"));
    }

    @Test
    void aPurgeIsOneTenantDeleteAndLaterWritesFollowIt() {
        String t = "t-" + UUID.randomUUID();
        String base = "/v1/tenants/" + t;
        ok("POST", base + "/feedback-records", json("payload", Map.of()), 201);
        ok("DELETE", base + "/data", null, 200);
        ok("POST", base + "/stacks", json("slug", "after"), 201);
        List<Map<String, Object>> feed = feed(t);
        assertThat(feed)
                .extracting(e -> e.get("kind") + " " + e.get("op") + " " + e.get("id"))
                .containsExactly("tenant delete " + t, "stack upsert after");
    }

    @Test
    void theCursorIsValidatedLikeTheDeletionLogs() {
        String base = "/v1/tenants/t-" + UUID.randomUUID() + "/changes";
        for (String query : List.of("?after=-1", "?limit=0", "?limit=101", "?after=x", "?limit=x")) {
            TestServer.Response r = server.send("GET", base + query, null);
            assertThat(r.status()).as(query + " " + r).isEqualTo(400);
            assertThat(r.object()).containsEntry("code", "validation_failed");
        }
        Map<String, Object> empty = ok("GET", base + "?after=7", null, 200);
        assertThat(empty).containsEntry("items", List.of());
        assertThat(((Number) empty.get("nextSeq")).longValue()).isEqualTo(7);
    }
}
