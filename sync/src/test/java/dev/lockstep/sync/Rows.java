package dev.lockstep.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Rows shaped as the GET routes answer them (the feed's {@code row}), for the fake feed. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AT = "2025-03-01T12:00:00.123456Z";

    private Rows() {}

    static ObjectNode feedbackRecord(String id, String text) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("userId", "user-1");
        ObjectNode payload = r.putObject("payload");
        payload.put("text", text);
        payload.putObject("nested").putArray("list").add(1).add("zwei").add(3.5).addNull();
        payload.put("unicode", "é ✓ 😀");
        r.put("createdAt", AT);
        r.put("updatedAt", AT);
        return r;
    }

    static ObjectNode webhook(String id, String tenant, String url) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("tenantId", tenant);
        r.put("url", url);
        r.putArray("eventTypes").add("identity.create");
        r.put("enabled", true);
        r.put("createdAt", AT);
        r.put("updatedAt", AT);
        return r;
    }

    static ObjectNode identity(String id, String externalId, String... ratelimitIds) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("externalId", externalId);
        r.putObject("meta").put("plan", "pro");
        var limits = r.putArray("ratelimits");
        for (String rl : ratelimitIds) {
            limits.add(ratelimitOf(rl));
        }
        r.put("createdAt", AT);
        r.put("updatedAt", AT);
        return r;
    }

    private static ObjectNode ratelimitOf(String id) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("name", "api-" + id);
        r.put("limit", 100);
        r.put("durationMs", 60000);
        r.put("autoApply", true);
        return r;
    }

    static ObjectNode ratelimit(String id, String identityId) {
        ObjectNode r = ratelimitOf(id);
        r.put("identityId", identityId);
        return r;
    }

    static ObjectNode session(String id, String identityId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("identityId", identityId);
        r.put("createdAt", AT);
        return r;
    }

    static ObjectNode stack(String slug, String... env) {
        ObjectNode r = JSON.createObjectNode();
        r.put("slug", slug);
        r.put("status", "active");
        ObjectNode e = r.putObject("env");
        for (int i = 0; i + 1 < env.length; i += 2) {
            e.put(env[i], env[i + 1]);
        }
        r.put("createdAt", AT);
        r.put("updatedAt", AT);
        return r;
    }
}
