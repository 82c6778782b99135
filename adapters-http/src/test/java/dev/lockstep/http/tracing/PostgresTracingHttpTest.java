package dev.lockstep.http.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

class PostgresTracingHttpTest extends TracingHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }

    /** A pooled connection first, then the tenant's shared lock, then the stack's row. */
    @Override
    List<String> patchLockWaits() {
        return List.of("connection", "tenant", "row");
    }

    /** A second connection to the server's database: BEGIN; SELECT … FOR UPDATE; rolled back on close. */
    @Override
    AutoCloseable holdRowLock(String tenant, String slug) throws Exception {
        Connection c = server.database().connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM stacks WHERE tenant_id = ? AND slug = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setString(2, slug);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the stack exists").isTrue();
            }
        }
        return () -> {
            try (c) {
                c.rollback();
            }
        };
    }
}
