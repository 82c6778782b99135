package dev.lockstep.http.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.contract.Await;
import dev.lockstep.http.testing.TestServer;
import dev.lockstep.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresStackHttpTest extends StackHttpContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }

    /**
     * A database of its own: a second server on the class's database would run its teardown poller
     * over the other server's stacks (as it should in production), which would make the slow server's
     * stack disappear under the test.
     */
    @Override
    TestServer startAnother(Map<String, Object> properties) {
        return TestServer.start(TestServer.Storage.POSTGRES, properties);
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

    @Test
    void aStackLeftDeletingWhenTheServerStoppedIsTornDownAfterTheNextStart() {
        // the first server's delay is an hour, so it stops with the stack still 'deleting'; a new server
        // on the same database (delay 0) must tear it down from the rows alone
        // a database of its own, so the class's server (short delay) cannot be the one that tears it down
        TestPostgres.Database database = TestPostgres.freshDatabase("restart");
        String t = newTenant();
        TestServer.Response deleted;
        TestServer first = TestServer.startOn(database, withSmallPool(Map.of("lockstep.stacks.teardown-delay", "1h")));
        try {
            assertThat(first.send("POST", "/v1/tenants/" + t + "/stacks", "{\"slug\":\"orphan\"}")
                            .status())
                    .isEqualTo(201);
            deleted = first.send("DELETE", "/v1/tenants/" + t + "/stacks/orphan", null);
            assertThat(deleted.status()).isEqualTo(202);
        } finally {
            first.close();
        }
        TestServer second = TestServer.startOn(database, withSmallPool(Map.of("lockstep.stacks.teardown-delay", "0s")));
        try {
            Await.until(
                    "the restarted server tore the stack down",
                    () -> second.send("GET", "/v1/tenants/" + t + "/stacks/orphan", null)
                                    .status()
                            == 404);
            assertThat(second.send("GET", "/v1/tenants/" + t + "/deletions", null)
                            .body())
                    .contains("\"id\":\"orphan\"");
        } finally {
            second.close();
        }
    }
}
