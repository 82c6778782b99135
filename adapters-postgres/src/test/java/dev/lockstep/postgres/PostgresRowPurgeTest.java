package dev.lockstep.postgres;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.PurgeContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The purge contract, stress included, with {@code lockstep.tenant.lock = row}. */
class PostgresRowPurgeTest extends PurgeContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture(StorageSettings.TenantLock.ROW);
    }

    /** The tenant's lock row FOR SHARE on a plain connection, as another instance's writer holds it. */
    @Override
    protected AutoCloseable holdWriterOfAnotherInstance(StoragePorts s, TenantId tenant) throws Exception {
        Connection c = ((PostgresFixture) fixture).database().connect();
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO tenant_locks (tenant_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, tenant.value());
            ps.executeUpdate();
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(PostgresRowTenantWriteLocks.SHARED_GATE)) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    c.close();
                    throw new AssertionError("could not take the lock row from the second connection");
                }
            }
        }
        return () -> {
            c.rollback();
            c.close();
        };
    }
}
