package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/** The same group commit cases with {@code lockstep.tenant.lock = row}. */
class PostgresRowGroupCommitTest extends PostgresGroupCommitTest {
    @Override
    StorageSettings.TenantLock tenantLock() {
        return StorageSettings.TenantLock.ROW;
    }

    /** A tenant with its lock row, so its creates are one statement from the first. */
    @Override
    TenantId knownTenant(String prefix) throws Exception {
        TenantId tenant = TenantId.of(prefix + UUID.randomUUID());
        try (Connection c = fixture.database().connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_locks (tenant_id) VALUES (?)")) {
            ps.setString(1, tenant.value());
            ps.executeUpdate();
        }
        return tenant;
    }

    /** The tenant's lock row FOR SHARE on a plain connection, as another instance's writer holds it. */
    @Override
    AutoCloseable holdWriterOfAnotherInstance(TenantId tenant) throws Exception {
        Connection c = fixture.database().connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(PostgresRowTenantWriteLocks.SHARED_GATE)) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next())
                        .as("the lock row from the second connection")
                        .isTrue();
            }
        }
        return () -> {
            c.rollback();
            c.close();
        };
    }
}
