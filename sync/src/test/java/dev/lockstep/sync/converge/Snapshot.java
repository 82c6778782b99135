package dev.lockstep.sync.converge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.postgres.testing.TestPostgres;
import dev.lockstep.sync.Mirror;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows by tenant, kind and id: the service's as its GET and list routes answer them, or a mirror's
 * as its tables hold them. Sessions have no list route; {@link #withSessions} adds the ones a check
 * found alive another way.
 */
record Snapshot(Map<String, Map<String, Map<String, JsonNode>>> rows) {
    /** The kinds compared through list and GET routes (sessions are compared separately). */
    static final List<String> LISTED_KINDS = List.of("identity", "ratelimit", "feedback_record", "webhook", "stack");

    Map<String, JsonNode> of(String tenant, String kind) {
        return rows.getOrDefault(tenant, Map.of()).getOrDefault(kind, Map.of());
    }

    /**
     * The service's state through its API: each list route walked to its end, then each row read with
     * its GET route (the row the change feed must carry); ratelimits are the identities' own, each
     * with its identity's id.
     */
    static Snapshot ofService(Api api, List<String> tenants) {
        Map<String, Map<String, Map<String, JsonNode>>> out = new TreeMap<>();
        for (String t : tenants) {
            Map<String, Map<String, JsonNode>> kinds = new TreeMap<>();
            String base = "/v1/tenants/" + t;
            Map<String, JsonNode> identities = read(api, base + "/identities", "id");
            Map<String, JsonNode> ratelimits = new TreeMap<>();
            identities.forEach((id, identity) -> {
                for (JsonNode rl : identity.path("ratelimits")) {
                    ObjectNode row = ((ObjectNode) rl).deepCopy();
                    row.put("identityId", id);
                    ratelimits.put(rl.path("id").asText(), row);
                }
            });
            kinds.put("identity", identities);
            kinds.put("ratelimit", ratelimits);
            kinds.put("feedback_record", read(api, base + "/feedback-records", "id"));
            kinds.put("webhook", read(api, base + "/webhooks", "id"));
            kinds.put("stack", read(api, base + "/stacks", "slug"));
            out.put(t, kinds);
        }
        return new Snapshot(out);
    }

    private static Map<String, JsonNode> read(Api api, String path, String idField) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Api.Answer page = api.get(
                    "check.list",
                    path + "?limit=100"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (!page.is(200)) {
                throw new IllegalStateException("GET " + path + " answered " + page.status() + ": " + page.body());
            }
            for (JsonNode item : page.body().path("items")) {
                ids.add(item.path(idField).asText());
            }
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        Map<String, JsonNode> out = new TreeMap<>();
        for (String id : ids) {
            Api.Answer row = api.get("check.get", path + "/" + id);
            if (!row.is(200)) {
                throw new IllegalStateException("GET " + path + "/" + id + " answered " + row.status()
                        + " though the list has it: " + row.body());
            }
            out.put(id, row.body());
        }
        return out;
    }

    /** A mirror's tables, for the given tenants. */
    static Snapshot ofMirror(TestPostgres.Database db, List<String> tenants) throws Exception {
        Map<String, Map<String, Map<String, JsonNode>>> out = new TreeMap<>();
        try (Connection c = db.connect()) {
            for (String t : tenants) {
                Map<String, Map<String, JsonNode>> kinds = new TreeMap<>();
                for (Mirror.Table table : Mirror.Table.values()) {
                    Map<String, JsonNode> rows = new TreeMap<>();
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT id, row::text FROM " + table.table() + " WHERE tenant_id = ?")) {
                        ps.setString(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rows.put(rs.getString(1), Api.JSON.readTree(rs.getString(2)));
                            }
                        }
                    }
                    kinds.put(table.kind(), rows);
                }
                out.put(t, kinds);
            }
        }
        return new Snapshot(out);
    }

    /** This snapshot with the given sessions (tenant → id → row) as its session rows. */
    Snapshot withSessions(Map<String, Map<String, JsonNode>> sessions) {
        Map<String, Map<String, Map<String, JsonNode>>> out = new TreeMap<>();
        rows.forEach((t, kinds) -> {
            Map<String, Map<String, JsonNode>> copy = new TreeMap<>(kinds);
            copy.put("session", sessions.getOrDefault(t, Map.of()));
            out.put(t, copy);
        });
        return new Snapshot(out);
    }
}
