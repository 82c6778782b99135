package dev.lockstep.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Reads the mirror the way its user would: plain SQL on the target's tables. */
final class MirrorTables {
    private final TestPostgres.Database db;
    private final ObjectMapper json = new ObjectMapper();

    MirrorTables(TestPostgres.Database db) {
        this.db = db;
    }

    /** The tenant's rows of one kind, id → row. */
    Map<String, JsonNode> rows(String kind, String tenant) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, row::text FROM lockstep_" + kind + " WHERE tenant_id = ? ORDER BY id")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), json.readTree(rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Every row of every kind of the tenant, as {@code kind/id}. */
    Map<String, JsonNode> everything(String tenant) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Mirror.Table t : Mirror.Table.values()) {
            rows(t.kind(), tenant).forEach((id, row) -> out.put(t.kind() + "/" + id, row));
        }
        return out;
    }

    /** The tenant's cursor; -1 when it has none yet. */
    long cursor(String tenant) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT seq FROM lockstep_sync_cursor WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
