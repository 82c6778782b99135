package dev.lockstep.http.idempotency;

import dev.lockstep.http.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

class PostgresIdempotencyHttpTest extends IdempotencyHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }

    @Override
    List<String> storedAnswerBodies(String tenant) {
        try (Connection c = server.database().connect();
                PreparedStatement ps = c.prepareStatement("SELECT body FROM idempotency_keys WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            List<String> bodies = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
            return bodies;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
