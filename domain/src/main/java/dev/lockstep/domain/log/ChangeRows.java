package dev.lockstep.domain.log;

import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.Session;
import dev.lockstep.domain.json.JsonObject;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.webhook.Webhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of the change feed's upserts, rendered once at write time in the API's field names and
 * shapes: exactly what the kind's GET route answers (API.md, "Change feed"); times as RFC 3339 UTC
 * strings as the server writes an {@link Instant}. A session never carries its refresh token. Both
 * storages store what this renders; an HTTP test compares each kind with its GET route, field for
 * field, so the two cannot drift apart.
 */
public final class ChangeRows {
    private ChangeRows() {}

    /** GET identity: {@code {id, externalId, meta, ratelimits:[…], createdAt, updatedAt}}. */
    public static JsonObject identity(Identity identity) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", identity.id().toString());
        row.put("externalId", identity.externalId().value());
        row.put("meta", identity.meta().value());
        List<Object> ratelimits = new ArrayList<>();
        for (Ratelimit r : identity.ratelimits()) {
            ratelimits.add(ratelimitEntry(r));
        }
        row.put("ratelimits", ratelimits);
        row.put("createdAt", time(identity.createdAt()));
        row.put("updatedAt", time(identity.updatedAt()));
        return JsonObject.row(row);
    }

    /** The identity's ratelimit entry plus its identity's id: {@code {id, identityId, name, limit, durationMs, autoApply}}. */
    public static JsonObject ratelimit(UUID identityId, Ratelimit ratelimit) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ratelimit.id().toString());
        row.put("identityId", identityId.toString());
        row.putAll(ratelimitEntry(ratelimit));
        return JsonObject.row(row);
    }

    /** {@code {id, identityId, createdAt}}: never the refresh token. */
    public static JsonObject session(Session session) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", session.id().toString());
        row.put("identityId", session.identityId().toString());
        row.put("createdAt", time(session.createdAt()));
        return JsonObject.row(row);
    }

    /** GET record: {@code {id, userId, payload, createdAt, updatedAt}}. */
    public static JsonObject feedbackRecord(FeedbackRecord record) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", record.id().toString());
        row.put("userId", record.userId() == null ? null : record.userId().value());
        row.put("payload", record.payload().value());
        row.put("createdAt", time(record.createdAt()));
        row.put("updatedAt", time(record.updatedAt()));
        return JsonObject.row(row);
    }

    /** GET webhook: {@code {id, tenantId, url, eventTypes, enabled, createdAt, updatedAt}}. */
    public static JsonObject webhook(Webhook webhook) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", webhook.id().toString());
        row.put("tenantId", webhook.tenantId().value());
        row.put("url", webhook.url().value());
        row.put("eventTypes", List.copyOf(webhook.eventTypes().values()));
        row.put("enabled", webhook.enabled());
        row.put("createdAt", time(webhook.createdAt()));
        row.put("updatedAt", time(webhook.updatedAt()));
        return JsonObject.row(row);
    }

    /** GET stack: {@code {slug, status, env, createdAt, updatedAt}}. */
    public static JsonObject stack(Stack stack) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slug", stack.slug().value());
        row.put("status", stack.status().wireName());
        row.put("env", new LinkedHashMap<>(stack.env()));
        row.put("createdAt", time(stack.createdAt()));
        row.put("updatedAt", time(stack.updatedAt()));
        return JsonObject.row(row);
    }

    private static Map<String, Object> ratelimitEntry(Ratelimit r) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", r.id().toString());
        entry.put("name", r.name());
        entry.put("limit", r.limit());
        entry.put("durationMs", r.durationMs());
        entry.put("autoApply", r.autoApply());
        return entry;
    }

    /** As the server writes an {@link Instant} (ISO-8601, UTC, {@code Z}). */
    private static String time(Instant at) {
        return at.toString();
    }
}
